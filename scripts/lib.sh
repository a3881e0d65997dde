# Shared by the scripts in this folder: installs the tools the project needs into the
# repository (.tools/, .venv/), never into the system, so a fresh machine needs nothing else
# than Java 17, Maven, Node.js and Python 3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
AWS_CDK_CLI_VERSION="2.1148.1"
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export CDK_DISABLE_VERSION_CHECK=1
export CDK_CLI_TELEMETRY_DISABLED=1   # synth must not phone home
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx2g}"

log() { printf '==> %s\n' "$*" >&2; }

# The CDK CLI from npm, pinned, in .tools/cdk.
ensure_cdk_cli() {
  local cdk="$TOOLS/cdk/node_modules/.bin/cdk"
  if [[ ! -x "$cdk" ]] || [[ "$("$cdk" --version 2>/dev/null | cut -d' ' -f1)" != "$AWS_CDK_CLI_VERSION" ]]; then
    log "installing the AWS CDK CLI $AWS_CDK_CLI_VERSION into .tools/cdk"
    mkdir -p "$TOOLS/cdk"
    npm install --prefix "$TOOLS/cdk" --no-save --no-audit --no-fund --loglevel=error "aws-cdk@$AWS_CDK_CLI_VERSION" >&2
  fi
  CDK="$cdk"
}

# Python tools (linters, emulators) in the project's own virtualenv .venv.
ensure_python_tools() {
  if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
    log "creating .venv"
    python3 -m venv "$ROOT/.venv"
  fi
  if ! cmp -s "$ROOT/scripts/requirements-test.txt" "$ROOT/.venv/.requirements-installed" 2>/dev/null; then
    log "installing Python test tools into .venv"
    "$ROOT/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/scripts/requirements-test.txt" >&2
    cp "$ROOT/scripts/requirements-test.txt" "$ROOT/.venv/.requirements-installed"
  fi
  export PATH="$ROOT/.venv/bin:$PATH"
}

# Builds every module's jar (tests skipped) so cdk.json's `java -jar apps/target/...` runs.
build_jars() {
  log "building the jars (mvn package, tests skipped)"
  (cd "$ROOT" && mvn -B -q -DskipTests install)
}

# A real Kubernetes API server for benchmarks and tests that outgrow the fabric8 mock server:
# kube-apiserver built from the Go module proxy (there is no prebuilt binary to fetch here),
# kwok to play the kubelets, and Debian's etcd. The binaries are cached outside the repository
# (first build ~15-25 min on 2 cores). Sets KUBE_APISERVER, KWOK and ETCD.
KUBERNETES_SERVER_VERSION="v1.33.1"
KWOK_VERSION="v0.7.0"   # 0.7 has the node and pod stages built in; 0.8 needs them as --config
ensure_kube_server() {
  local cache="${SPOTKUBE_CACHE:-$HOME/.cache/spotkube}/kube-$KUBERNETES_SERVER_VERSION"
  mkdir -p "$cache"
  if ! command -v etcd >/dev/null; then
    log "installing etcd from Debian"
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >&2
    else
      sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >&2
    fi
  fi
  ETCD="$(command -v etcd)"
  if [[ ! -x "$cache/kube-apiserver" ]]; then
    log "building kube-apiserver $KUBERNETES_SERVER_VERSION from Go modules into $cache (slow the first time)"
    "$ROOT/scripts/build-kube-apiserver.sh" "$KUBERNETES_SERVER_VERSION" "$cache" >&2
  fi
  if [[ ! -x "$cache/kwok" ]]; then
    log "building kwok $KWOK_VERSION into $cache"
    GOBIN="$cache" go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >&2
  fi
  KUBE_APISERVER="$cache/kube-apiserver"
  KWOK="$cache/kwok"
}
