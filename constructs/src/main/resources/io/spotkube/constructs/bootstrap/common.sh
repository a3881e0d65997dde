# ---- common.sh: shared by control-plane and worker nodes -------------------------------
# SPOTKUBE_ROOT prefixes every file path: empty on an instance (so paths are the real
# /etc, /run, ...); the sandbox test points it at a temporary directory. Commands are
# found on PATH, where the test puts recording stand-ins.
R="${SPOTKUBE_ROOT:-}"
readonly R
readonly STATE_DIR="$R/var/lib/spotkube"
# /run is a tmpfs: secrets written there never reach the disk and vanish at reboot.
readonly SECRET_DIR="$R/run/spotkube"
readonly KUBEADM_CONFIG="$SECRET_DIR/kubeadm.yaml"
readonly ADMIN_KUBECONFIG="$R/etc/kubernetes/admin.conf"
readonly PKI_DIR="$R/etc/kubernetes/pki"
# x 10 s: a control plane coming up takes a few minutes (SPOTKUBE_JOIN_WAIT_ATTEMPTS: the sandbox's shorter wait)
readonly JOIN_WAIT_ATTEMPTS="${SPOTKUBE_JOIN_WAIT_ATTEMPTS:-90}"
# Trace every command into the cloud-init log; secrets are handled with tracing off.
export PS4='+ spotkube: '
set -x

log() { printf 'spotkube: %s\n' "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

# Tracing off/on around anything holding a secret. The braces keep `set +x` itself quiet.
secrets_begin() { { set +x; } 2>/dev/null; }
secrets_end() { set -x; }

# ---- instance identity from IMDSv2 (token first; IMDSv1 may be disabled) -----------------
# The session token goes straight into a 0600 header file (curl -H @file): it is never in a
# variable the trace would print, nor on a command line.
imds() {
  curl -fsS --retry 5 -H "@$SECRET_DIR/imds-header" "http://169.254.169.254/latest/meta-data/$1"
}
read_instance_identity() {
  (umask 077 && curl -fsS --retry 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600' \
    http://169.254.169.254/latest/api/token | sed 's/^/X-aws-ec2-metadata-token: /' >"$SECRET_DIR/imds-header")
  INSTANCE_ID="$(imds instance-id)"
  AVAILABILITY_ZONE="$(imds placement/availability-zone)"
  INSTANCE_REGION="$(imds placement/region)"
  NODE_NAME="$(imds local-hostname)"
  NODE_IP="$(imds local-ipv4)"
  PROVIDER_ID="aws:///$AVAILABILITY_ZONE/$INSTANCE_ID"
  readonly INSTANCE_ID AVAILABILITY_ZONE INSTANCE_REGION NODE_NAME NODE_IP PROVIDER_ID
  if [[ -n "$CLUSTER_REGION" && "$CLUSTER_REGION" != "$INSTANCE_REGION" ]]; then
    fail "instance region $INSTANCE_REGION differs from the cluster region $CLUSTER_REGION"
  fi
  export AWS_DEFAULT_REGION="$INSTANCE_REGION"
  log "instance $INSTANCE_ID in $AVAILABILITY_ZONE, node $NODE_NAME, role $NODE_ROLE"
}

# ---- packages ------------------------------------------------------------------------------
prepare_kernel() {
  swapoff -a
  mkdir -p "$R/etc/modules-load.d" "$R/etc/sysctl.d"
  printf 'overlay\nbr_netfilter\n' >"$R/etc/modules-load.d/k8s.conf"
  modprobe overlay
  modprobe br_netfilter
  printf '%s\n' 'net.bridge.bridge-nf-call-iptables = 1' 'net.bridge.bridge-nf-call-ip6tables = 1' \
    'net.ipv4.ip_forward = 1' >"$R/etc/sysctl.d/k8s.conf"
  sysctl --system >/dev/null
}

# First of all, before apt: a failure later must be able to reach Auto Scaling (on_exit), and
# an apt outage is one such failure. Ubuntu's cloud image has curl and python3 but not always
# unzip, so python3 unpacks the zip when unzip is missing (keeping the files' modes).
install_aws_cli() {
  command -v aws >/dev/null && return 0
  local work="$R/tmp/awscli"
  mkdir -p "$work"
  curl -fsSL --retry 5 "https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip" -o "$work/awscliv2.zip"
  if command -v unzip >/dev/null; then
    unzip -q -o "$work/awscliv2.zip" -d "$work"
  else
    python3 - "$work/awscliv2.zip" "$work" <<'UNZIP'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    for entry in archive.infolist():
        path = archive.extract(entry, sys.argv[2])
        if entry.external_attr >> 16:
            os.chmod(path, (entry.external_attr >> 16) & 0o7777)
UNZIP
  fi
  "$work/aws/install" --update
}

# Any failed bootstrap (an apt outage, no join material, a failed kubeadm) would leave the
# instance InService but useless: zones stay short, workers count as capacity but never join.
# Marking it Unhealthy makes its Auto Scaling group terminate and replace it. The role may do
# this only for the cluster's own groups (autoscaling:ResourceTag/kubernetes.io/cluster/<name>).
mark_unhealthy() {
  if [[ -z "${INSTANCE_ID:-}" ]] || ! command -v aws >/dev/null; then
    log "bootstrap failed before the instance id or the AWS CLI was known: cannot ask to be replaced"
    return 0
  fi
  log "bootstrap failed: marking $INSTANCE_ID unhealthy so that its Auto Scaling group replaces it"
  aws autoscaling set-instance-health --instance-id "$INSTANCE_ID" --health-status Unhealthy \
    || log "could not mark $INSTANCE_ID unhealthy: terminate it by hand"
}

on_exit() {
  local status=$?
  rm -rf "$SECRET_DIR"
  ((status == 0)) || mark_unhealthy
}

# containerd from the distribution, held at the pinned series (checked, not assumed);
# kubeadm/kubelet/kubectl from pkgs.k8s.io at the exact pinned package version.
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q apt-transport-https ca-certificates curl gpg unzip containerd
  local containerd_version
  containerd_version="$(containerd --version | awk '{print $3}')"
  [[ "${containerd_version#v}" == "$CONTAINERD_SERIES".* ]] \
    || fail "containerd $containerd_version is not in the pinned series $CONTAINERD_SERIES"
  mkdir -p "$R/etc/containerd" "$R/etc/apt/keyrings" "$R/etc/apt/sources.list.d"
  containerd config default | sed 's/SystemdCgroup = false/SystemdCgroup = true/' >"$R/etc/containerd/config.toml"
  systemctl restart containerd

  local repo="https://pkgs.k8s.io/core:/stable:/v$KUBERNETES_MINOR/deb/"
  curl -fsSL --retry 5 "${repo}Release.key" | gpg --batch --yes --dearmor -o "$R/etc/apt/keyrings/kubernetes-apt-keyring.gpg"
  echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] $repo /" >"$R/etc/apt/sources.list.d/kubernetes.list"
  apt-get update -q
  apt-get install -y -q "kubelet=$KUBERNETES_PACKAGE_VERSION" "kubeadm=$KUBERNETES_PACKAGE_VERSION" \
    "kubectl=$KUBERNETES_PACKAGE_VERSION"
  apt-mark hold containerd kubelet kubeadm kubectl
  systemctl enable --now kubelet
}

# ---- join material in SSM Parameter Store --------------------------------------------------
# Values go through 0600 files in the tmpfs (`--value file://...`) so they are never on a
# command line (visible in ps) nor in the trace.
put_secure_parameter() { # name, file holding the value
  aws ssm put-parameter --name "$SSM_PREFIX/$1" --type SecureString ${JOIN_MATERIAL_KEY:+--key-id "$JOIN_MATERIAL_KEY"} \
    --value "file://$2" --overwrite >/dev/null
}
get_parameter() { # name -> stdout; fails when absent
  aws ssm get-parameter --name "$SSM_PREFIX/$1" --with-decryption --query Parameter.Value --output text 2>/dev/null
}

# Waits, bounded, until the first control plane has published the join material, then
# writes it to 0600 files in SECRET_DIR. An optional function, called with the attempt
# number between attempts, can end the wait early: its success makes this return 2.
wait_for_join_material() {
  local on_wait="${1:-}" attempt
  for ((attempt = 1; attempt <= JOIN_WAIT_ATTEMPTS; attempt++)); do
    secrets_begin
    if get_parameter join/token >"$SECRET_DIR/token" && get_parameter join/ca-cert-hash >"$SECRET_DIR/ca-cert-hash" \
      && { [[ "$NODE_ROLE" != control-plane ]] || get_parameter join/certificate-key >"$SECRET_DIR/certificate-key"; }; then
      secrets_end
      log "join material found in $SSM_PREFIX/join/"
      return 0
    fi
    secrets_end
    if [[ -n "$on_wait" ]] && "$on_wait" "$attempt"; then
      return 2
    fi
    log "waiting for the join material in $SSM_PREFIX/join/ (attempt $attempt/$JOIN_WAIT_ATTEMPTS)"
    sleep 10
  done
  fail "no join material in $SSM_PREFIX/join/ after $JOIN_WAIT_ATTEMPTS attempts: is a control plane up?"
}

# ---- kubeadm configuration -----------------------------------------------------------------
node_registration_yaml() { # extra taints (key=value:Effect,...) beyond the group's
  echo "nodeRegistration:"
  echo "  name: $NODE_NAME"
  echo "  criSocket: unix:///run/containerd/containerd.sock"
  # The AWS cloud controller manager (an add-on) initialises the node: zone, instance-type
  # and address from EC2, then lifts node.cloudprovider.kubernetes.io/uninitialized.
  echo "  kubeletExtraArgs:"
  echo "    - name: cloud-provider"
  echo "      value: external"
  echo "    - name: provider-id"
  echo "      value: $PROVIDER_ID"
  echo "    - name: node-ip"
  echo "      value: $NODE_IP"
  if [[ -n "$KUBELET_NODE_LABELS" ]]; then
    echo "    - name: node-labels"
    echo "      value: $KUBELET_NODE_LABELS"
  fi
  local taints="${1:-}${1:+${NODE_TAINTS:+,}}$NODE_TAINTS" taint
  if [[ -z "$taints" ]]; then
    echo "  taints: []"
    return 0
  fi
  echo "  taints:"
  local -a all
  IFS=, read -r -a all <<<"$taints"
  for taint in "${all[@]}"; do
    local key_value="${taint%:*}"
    echo "    - key: ${key_value%%=*}"
    [[ "$key_value" == *=* ]] && echo "      value: \"${key_value#*=}\""
    echo "      effect: ${taint##*:}"
  done
}

# The JoinConfiguration, with the join material read from SECRET_DIR (tracing off).
write_join_config() {
  secrets_begin
  {
    echo "apiVersion: kubeadm.k8s.io/v1beta4"
    echo "kind: JoinConfiguration"
    echo "discovery:"
    echo "  bootstrapToken:"
    echo "    apiServerEndpoint: $API_ENDPOINT:6443"
    echo "    token: $(<"$SECRET_DIR/token")"
    echo "    caCertHashes:"
    echo "      - $(<"$SECRET_DIR/ca-cert-hash")"
    if [[ "$NODE_ROLE" == control-plane ]]; then
      echo "controlPlane:"
      echo "  certificateKey: $(<"$SECRET_DIR/certificate-key")"
      echo "  localAPIEndpoint:"
      echo "    advertiseAddress: $NODE_IP"
      echo "    bindPort: 6443"
      node_registration_yaml node-role.kubernetes.io/control-plane:NoSchedule
    else
      node_registration_yaml
    fi
  } >"$KUBEADM_CONFIG"
  secrets_end
}

# kubeadm prints the join command (token, certificate key) on success: its output goes to a
# private file, and on failure to the log with the secrets masked.
run_kubeadm_quietly() {
  local output="$SECRET_DIR/kubeadm.out"
  if kubeadm "$@" >"$output" 2>&1; then
    return 0
  fi
  secrets_begin
  local secret masked
  masked="$(<"$output")"
  for secret in token certificate-key; do
    [[ -s "$SECRET_DIR/$secret" ]] && masked="${masked//$(<"$SECRET_DIR/$secret")/<redacted>}"
  done
  printf '%s\n' "$masked" >&2
  secrets_end
  fail "kubeadm $1 failed"
}

prepare_directories() {
  umask 077
  mkdir -p "$SECRET_DIR" "$STATE_DIR"
  umask 022
}
