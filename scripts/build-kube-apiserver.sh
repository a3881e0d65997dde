#!/usr/bin/env bash
# Builds kube-apiserver from the Go module proxy. `go install k8s.io/kubernetes/cmd/...` is refused
# because k8s.io/kubernetes replaces its staging modules (k8s.io/api, client-go, ...) with local
# paths; a throwaway wrapper module that requires k8s.io/kubernetes and points each of those
# replaced modules at its published v0.Y.Z release builds the same binary.
#   scripts/build-kube-apiserver.sh v1.33.1 OUTPUT_DIR
set -euo pipefail
version="$1"; out="$2"
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
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
go mod tidy >/dev/null 2>&1 || go mod tidy
CGO_ENABLED=0 go build -trimpath -o "$out/kube-apiserver" \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" \
  k8s.io/kubernetes/cmd/kube-apiserver
echo "built $out/kube-apiserver" >&2
