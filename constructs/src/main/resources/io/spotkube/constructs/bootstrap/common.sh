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

# ---- verified downloads ---------------------------------------------------------------------
# Everything fetched at boot is pinned by version and checked before use; a download that does not
# verify fails the bootstrap (and the instance is replaced) instead of running.
readonly AWS_CLI_VERSION=2.15.34
# The AWS CLI Team's signing key (aws-cli@amazon.com): the fingerprint the AWS CLI user guide
# publishes ("Verify the integrity and authenticity of the downloaded installer files"). The key
# itself comes from the Ubuntu keyserver: only a signature that key made is accepted, so a key the
# keyserver (or anyone on the way) swaps in verifies nothing. Not embedded: EC2's 16 KB user data.
readonly AWS_CLI_KEY_FINGERPRINT=FB5DB77FD5C118B80511ADA8A6310ACC4672475C
readonly AWS_CLI_KEY_URL="https://keyserver.ubuntu.com/pks/lookup?op=get&search=0x$AWS_CLI_KEY_FINGERPRINT"
# The pkgs.k8s.io signing key (isv:kubernetes), the same for every minor's repository.
readonly KUBERNETES_APT_KEY_FINGERPRINT=DE15B14486CD377B9E876E1A234654DA9A296436

# ASCII armor to the binary keyring gpgv reads, without gpg (not on every image): the base64
# lines between the armor header and the checksum line.
dearmor() { sed '/^-----/d; /^=/d; /: /d; /^[[:space:]]*$/d' | base64 -d; }

# Succeeds when <signature> is a good signature of <file> by the key whose primary fingerprint is
# <fingerprint>, from <keyring> alone. gpgv (on every Debian/Ubuntu: apt verifies with it) trusts
# the keyring it is given and nothing else; VALIDSIG's last field is the signer's primary
# fingerprint. An expired copy of a renewed key still verifies (EXPKEYSIG with VALIDSIG).
verify_signature() { # file, signature, keyring (absolute path), fingerprint
  local status
  status="$(gpgv --keyring "$3" --status-fd 1 "$2" "$1" 2>/dev/null)" || return 1
  grep -q "^\[GNUPG:\] VALIDSIG .* $4\$" <<<"$status"
}

# Succeeds when <key file> holds exactly one primary key, the one with <fingerprint>: a key
# served from a compromised mirror, or with another key appended, is refused.
require_key_fingerprint() { # key file, fingerprint
  local found home
  home="$(mktemp -d)"
  found="$(GNUPGHOME="$home" gpg --batch --show-keys --with-colons "$1" 2>/dev/null \
    | awk -F: '$1 == "pub" {primary = 1; next} $1 == "fpr" && primary {print $10; primary = 0}')" || found=""
  rm -rf "$home"
  [[ "$found" == "$2" ]] || fail "$1 holds the key(s) [${found//$'\n'/ }], not the pinned $2: refusing it"
}

# First of all, before apt: a failure later must be able to reach Auto Scaling (on_exit), and
# an apt outage is one such failure. The pinned version's zip, checked against the AWS CLI Team's
# key fingerprint above before anything in it runs. Ubuntu's cloud image has curl, python3 and
# gpgv but not always unzip, so python3 unpacks the zip when unzip is missing (keeping the modes).
install_aws_cli() {
  command -v aws >/dev/null && return 0
  local work="$R/tmp/awscli"
  local url
  url="https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m)-$AWS_CLI_VERSION.zip"
  mkdir -p "$work"
  curl -fsSL --retry 5 "$url" -o "$work/awscliv2.zip"
  curl -fsSL --retry 5 "$url.sig" -o "$work/awscliv2.zip.sig"
  curl -fsSL --retry 5 "$AWS_CLI_KEY_URL" | dearmor >"$work/aws-cli-team.gpg"
  verify_signature "$work/awscliv2.zip" "$work/awscliv2.zip.sig" "$work/aws-cli-team.gpg" "$AWS_CLI_KEY_FINGERPRINT" \
    || fail "$url does not carry a valid signature of the AWS CLI Team's key $AWS_CLI_KEY_FINGERPRINT: not installed"
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
  # jq: a worker writes and reads its node-credential JSON with it (python3 is not on every image).
  apt-get install -y -q apt-transport-https ca-certificates curl gpg jq unzip containerd
  local containerd_version
  containerd_version="$(containerd --version | awk '{print $3}')"
  [[ "${containerd_version#v}" == "$CONTAINERD_SERIES".* ]] \
    || fail "containerd $containerd_version is not in the pinned series $CONTAINERD_SERIES"
  mkdir -p "$R/etc/containerd" "$R/etc/apt/keyrings" "$R/etc/apt/sources.list.d"
  containerd config default | sed 's/SystemdCgroup = false/SystemdCgroup = true/' >"$R/etc/containerd/config.toml"
  systemctl restart containerd

  # The repository key is fetched over HTTPS and must be the pinned one: apt then checks every
  # package against it (and the pinned package versions below).
  local repo="https://pkgs.k8s.io/core:/stable:/v$KUBERNETES_MINOR/deb/" key="$R/tmp/kubernetes-release.key"
  mkdir -p "$R/tmp"
  curl -fsSL --retry 5 "${repo}Release.key" -o "$key"
  require_key_fingerprint "$key" "$KUBERNETES_APT_KEY_FINGERPRINT"
  gpg --batch --yes --dearmor -o "$R/etc/apt/keyrings/kubernetes-apt-keyring.gpg" "$key"
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
# writes it to 0600 files in SECRET_DIR: a worker reads the CA hash only (its credential comes
# from node-credential.sh), a control plane also the token and the certificate key. An optional function, called with the attempt
# number between attempts, can end the wait early: its success makes this return 2.
wait_for_join_material() {
  local on_wait="${1:-}" attempt
  for ((attempt = 1; attempt <= JOIN_WAIT_ATTEMPTS; attempt++)); do
    secrets_begin
    if get_parameter join/ca-cert-hash >"$SECRET_DIR/ca-cert-hash" && { [[ "$NODE_ROLE" != control-plane ]] \
      || { get_parameter join/token >"$SECRET_DIR/token" && get_parameter join/certificate-key >"$SECRET_DIR/certificate-key"; }; }; then
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

# A control plane's JoinConfiguration, with the join material read from SECRET_DIR (tracing off).
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
    echo "controlPlane:"
    echo "  certificateKey: $(<"$SECRET_DIR/certificate-key")"
    echo "  localAPIEndpoint:"
    echo "    advertiseAddress: $NODE_IP"
    echo "    bindPort: 6443"
    node_registration_yaml node-role.kubernetes.io/control-plane:NoSchedule
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
