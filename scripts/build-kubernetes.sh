#!/usr/bin/env bash
# Builds Kubernetes components (kube-apiserver, kube-controller-manager, kube-scheduler, ...) from
# the Go module proxy. `go install k8s.io/kubernetes/cmd/...` is refused
# because k8s.io/kubernetes replaces its staging modules (k8s.io/api, client-go, ...) with local
# paths; a throwaway wrapper module that requires k8s.io/kubernetes and points each of those
# replaced modules at its published v0.Y.Z release builds the same binary.
#   scripts/build-kubernetes.sh v1.33.1 OUTPUT_DIR kube-apiserver [kube-controller-manager ...]
set -euo pipefail
version="$1"; out="$2"; shift 2
commands=("$@")
[[ ${#commands[@]} -gt 0 ]] || { echo "name at least one command (kube-apiserver, ...)" >&2; exit 2; }
staging_version="v0.${version#v1.}"
minor="${version#v1.}"; minor="${minor%%.*}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init spotkube.local/kube-build >/dev/null 2>&1
gomod="$(go mod download -json "k8s.io/kubernetes@$version" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')"
# Every "k8s.io/x => ./staging/src/k8s.io/x" line of the upstream go.mod becomes "k8s.io/x => k8s.io/x v0.Y.Z".
mapfile -t staging < <(sed -n 's#^[[:space:]]*\(k8s.io/[^[:space:]]*\) => ./staging/.*#\1#p' "$gomod")
[[ ${#staging[@]} -gt 0 ]] || { echo "no staging replaces found in $gomod" >&2; exit 1; }
{
  echo "require k8s.io/kubernetes $version"
  echo "replace ("
  for module in "${staging[@]}"; do echo "  $module => $module $staging_version"; done
  echo ")"
} >> go.mod
{
  printf '//go:build tools\n\npackage tools\n\nimport (\n'
  for command in "${commands[@]}"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$command"; done
  printf ')\n'
} > tools.go
packages=()
for command in "${commands[@]}"; do packages+=("k8s.io/kubernetes/cmd/$command"); done
mkdir -p "$out"
go mod tidy >/dev/null 2>&1 || go mod tidy
# With several packages, -o names a directory and each binary is written into it by its name.
CGO_ENABLED=0 go build -trimpath -o "$out/" \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" \
  "${packages[@]}"
echo "built ${commands[*]} into $out" >&2
