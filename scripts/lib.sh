# Shared by the scripts in this folder: installs the tools the test suite needs into the
# repository (.tools/, .venv/), never into the system. The tests that run real components built
# from Go modules (the Kubernetes control plane, kwok, aws-cloud-controller-manager, kubeadm,
# nodeadm) need Go too: their binaries are cached in ~/.cache/spotkube (ensure_kube_server,
# ensure_cloud_controller_manager, ensure_kubeadm, ensure_nodeadm), and Debian's etcd is installed
# when missing.
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

# Installs Debian's <package> when <command> is missing (as root, or through sudo).
ensure_debian_command() { # command, package
  command -v "$1" >/dev/null && return 0
  log "installing $2 from Debian (for $1)"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >&2 && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2
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
  ensure_debian_command etcd etcd-server
  ETCD="$(command -v etcd)"
  local command commands=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  for command in "${commands[@]}"; do
    if [[ ! -x "$cache/$command" ]]; then
      log "building ${commands[*]} $KUBERNETES_SERVER_VERSION from Go modules into $cache (slow the first time)"
      "$ROOT/scripts/build-kubernetes.sh" "$KUBERNETES_SERVER_VERSION" "$cache" "${commands[@]}" >&2
      break
    fi
  done
  if [[ ! -x "$cache/kwok" ]]; then
    log "building kwok $KWOK_VERSION into $cache"
    GOBIN="$cache" go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >&2
  fi
  KUBE_APISERVER="$cache/kube-apiserver"
  KUBE_CONTROLLER_MANAGER="$cache/kube-controller-manager"
  KUBE_SCHEDULER="$cache/kube-scheduler"
  KUBECTL="$cache/kubectl"
  KWOK="$cache/kwok"
}

# kubeadm of the same release as the other Kubernetes binaries, into the same cache: the constructs
# tests run `kubeadm config validate` on the configurations the bootstrap scripts write
# (KubeadmChecksTheConfigsTest; skipped, saying so, without it). Checked apart from
# ensure_kube_server's binaries so that a cache which has those does not rebuild them. Sets KUBEADM.
ensure_kubeadm() {
  local cache="${SPOTKUBE_CACHE:-$HOME/.cache/spotkube}/kube-$KUBERNETES_SERVER_VERSION"
  if [[ ! -x "$cache/kubeadm" ]]; then
    log "building kubeadm $KUBERNETES_SERVER_VERSION from Go modules into $cache"
    mkdir -p "$cache"
    "$ROOT/scripts/build-kubernetes.sh" "$KUBERNETES_SERVER_VERSION" "$cache" kubeadm >&2
  fi
  KUBEADM="$cache/kubeadm"
}

# aws-cloud-controller-manager built from its Go module (k8s.io/cloud-provider-aws), cached
# beside the Kubernetes binaries. Sets AWS_CLOUD_CONTROLLER_MANAGER.
CLOUD_PROVIDER_AWS_VERSION="v1.33.4"
ensure_cloud_controller_manager() {
  local cache="${SPOTKUBE_CACHE:-$HOME/.cache/spotkube}/cloud-provider-aws-$CLOUD_PROVIDER_AWS_VERSION"
  if [[ ! -x "$cache/aws-cloud-controller-manager" ]]; then
    log "building aws-cloud-controller-manager $CLOUD_PROVIDER_AWS_VERSION from Go modules into $cache"
    mkdir -p "$cache"
    (cd "$cache" && CGO_ENABLED=0 GOBIN="$cache" GOFLAGS=-trimpath go install -ldflags "-s -w" \
      "k8s.io/cloud-provider-aws/cmd/aws-cloud-controller-manager@$CLOUD_PROVIDER_AWS_VERSION" >&2)
  fi
  AWS_CLOUD_CONTROLLER_MANAGER="$cache/aws-cloud-controller-manager"
}

# nodeadm, the AL2023 EKS AMI's node agent, built from its Go module into ~/.cache/spotkube/bin: the
# constructs tests run `nodeadm config check` on the NodeConfig user data SpotEksCluster writes
# (NodeadmChecksTheNodeConfigTest; skipped, saying so, without it). The module has no tags: this
# pseudo-version is the one the Go module proxy serves. Sets NODEADM.
NODEADM_VERSION="v0.0.0-20240229193347-cfab22a10647"
ensure_nodeadm() {
  local bin="${SPOTKUBE_CACHE:-$HOME/.cache/spotkube}/bin"
  if [[ ! -x "$bin/nodeadm" ]] || ! go version -m "$bin/nodeadm" 2>/dev/null | grep -q "$NODEADM_VERSION"; then
    log "building nodeadm $NODEADM_VERSION from Go modules into $bin"
    mkdir -p "$bin"
    (cd "$bin" && CGO_ENABLED=0 GOBIN="$bin" GOFLAGS=-mod=mod go install -trimpath -ldflags "-s -w" \
      "github.com/awslabs/amazon-eks-ami/nodeadm/cmd/nodeadm@$NODEADM_VERSION" >&2)
  fi
  NODEADM="$bin/nodeadm"
}

# Starts etcd, kube-apiserver and kwok (playing every node's kubelet) on loopback ports under DIR;
# `stop_kube_server DIR` ends them. Two static tokens: an admin in system:masters (set-up) and a
# service-account-like user for the component under test, so API Priority and Fairness classes
# its requests as it would a pod's (workload-low), not as exempt. Sets KUBE_URL, KUBE_ADMIN_TOKEN
# and KUBE_COMPONENT_TOKEN; writes DIR/kubeconfig (admin) for kwok and kubectl-like tools.
start_kube_server() {
  local dir="$1"
  ensure_kube_server
  mkdir -p "$dir/etcd" "$dir/certs"
  local etcd_port apiserver_port
  etcd_port="$(free_port)"; apiserver_port="$(free_port)"
  KUBE_ADMIN_TOKEN="admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  KUBE_COMPONENT_TOKEN="component-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  # KUBE_COMPONENT_SERVICE_ACCOUNT=namespace:name: whose identity the component token carries.
  local account="${KUBE_COMPONENT_SERVICE_ACCOUNT:-kube-system:spotkube}"
  printf '%s,admin,admin,"system:masters"\n%s,system:serviceaccount:%s,%s,"system:serviceaccounts,system:serviceaccounts:%s"\n' \
    "$KUBE_ADMIN_TOKEN" "$KUBE_COMPONENT_TOKEN" "$account" "${account#*:}" "${account%%:*}" > "$dir/tokens.csv"
  openssl genrsa -out "$dir/certs/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/certs/sa.key" -pubout -out "$dir/certs/sa.pub" 2>/dev/null

  "$ETCD" --data-dir "$dir/etcd" --listen-client-urls "http://127.0.0.1:$etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$etcd_port" --listen-peer-urls "http://127.0.0.1:$(free_port)" \
    --quota-backend-bytes 4294967296 > "$dir/etcd.log" 2>&1 &
  echo $! > "$dir/etcd.pid"

  # --service-cluster-ip-range is bookkeeping only (no traffic is routed anywhere).
  # --allow-privileged as kubeadm's API server has it: the add-ons' node plugins (CSI) are privileged.
  "$KUBE_APISERVER" --etcd-servers "http://127.0.0.1:$etcd_port" --bind-address 127.0.0.1 --allow-privileged=true \
    --secure-port "$apiserver_port" --cert-dir "$dir/certs" --token-auth-file "$dir/tokens.csv" \
    --authorization-mode RBAC --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$dir/certs/sa.pub" --service-account-signing-key-file "$dir/certs/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 --advertise-address 127.0.0.1 > "$dir/kube-apiserver.log" 2>&1 &
  echo $! > "$dir/kube-apiserver.pid"
  KUBE_URL="https://127.0.0.1:$apiserver_port"

  local i
  for i in $(seq 1 120); do
    if curl -ksf -H "Authorization: Bearer $KUBE_ADMIN_TOKEN" "$KUBE_URL/readyz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$(cat "$dir/kube-apiserver.pid")" 2>/dev/null; then
      tail -20 "$dir/kube-apiserver.log" >&2; echo "kube-apiserver exited" >&2; return 1
    fi
    sleep 1
  done
  curl -ksf -H "Authorization: Bearer $KUBE_ADMIN_TOKEN" "$KUBE_URL/readyz" >/dev/null \
    || { tail -20 "$dir/kube-apiserver.log" >&2; echo "kube-apiserver not ready after 120 s" >&2; return 1; }

  cat > "$dir/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: bench, cluster: {server: "$KUBE_URL", insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {token: "$KUBE_ADMIN_TOKEN"}}]
contexts: [{name: bench, context: {cluster: bench, user: admin}}]
current-context: bench
KUBECONFIG
  # kwok plays every kubelet with 4 workers for pods by default; a real cluster has one kubelet per
  # node finishing its pods' deletions in parallel, so give it more. Pod IPs are labels kwok writes
  # into pod status; nothing listens on them.
  cat > "$dir/kwok.yaml" <<KWOK
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  podPlayStageParallelism: ${KWOK_POD_PARALLELISM:-32}
  nodePlayStageParallelism: 8
  nodeLeaseParallelism: 8
KWOK
  # KWOK_NODE_SELECTOR: play only the kubelets of nodes with this annotation (key=value); default all.
  local manage=(--manage-all-nodes=true)
  [[ -n "${KWOK_NODE_SELECTOR:-}" ]] && manage=(--manage-nodes-with-annotation-selector "$KWOK_NODE_SELECTOR")
  "$KWOK" --kubeconfig "$dir/kubeconfig" --config "$dir/kwok.yaml" "${manage[@]}" --cidr 10.0.0.1/16 \
    > "$dir/kwok.log" 2>&1 &
  echo $! > "$dir/kwok.pid"

  # KUBE_CONTROLLERS=1: kube-controller-manager (Deployments, ReplicaSets, node lifecycle, PDB
  # status, service accounts...) and kube-scheduler, as a real control plane has them. A node whose
  # kubelet stops reporting is marked NotReady after NODE_MONITOR_GRACE_PERIOD (default 40 s upstream).
  if [[ "${KUBE_CONTROLLERS:-0}" == 1 ]]; then
    "$KUBE_CONTROLLER_MANAGER" --kubeconfig "$dir/kubeconfig" --authentication-kubeconfig "$dir/kubeconfig" \
      --authorization-kubeconfig "$dir/kubeconfig" --leader-elect=false --secure-port 0 \
      --service-account-private-key-file "$dir/certs/sa.key" --root-ca-file "$dir/certs/apiserver.crt" \
      --use-service-account-credentials=false --controllers '*' \
      --node-monitor-period 2s --node-monitor-grace-period "${NODE_MONITOR_GRACE_PERIOD:-40s}" \
      > "$dir/kube-controller-manager.log" 2>&1 &
    echo $! > "$dir/kube-controller-manager.pid"
    "$KUBE_SCHEDULER" --kubeconfig "$dir/kubeconfig" --authentication-kubeconfig "$dir/kubeconfig" \
      --authorization-kubeconfig "$dir/kubeconfig" --leader-elect=false --secure-port 0 \
      > "$dir/kube-scheduler.log" 2>&1 &
    echo $! > "$dir/kube-scheduler.pid"
  fi
  log "kube-apiserver $KUBERNETES_SERVER_VERSION ready at $KUBE_URL (etcd $("$ETCD" --version | head -1 | awk '{print $3}'), kwok $KWOK_VERSION); logs in $dir"
}

stop_kube_server() {
  local dir="$1" name
  for name in kube-scheduler kube-controller-manager kwok kube-apiserver etcd; do
    if [[ -f "$dir/$name.pid" ]]; then
      kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
      wait "$(cat "$dir/$name.pid")" 2>/dev/null || true
      rm -f "$dir/$name.pid"
    fi
  done
}

# A TCP port free on the loopback interface right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
