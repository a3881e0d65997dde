# ---- control-plane.sh: init the cluster, or join (and replace) a control-plane member ------
readonly ETCD_PKI="$PKI_DIR/etcd"

# The etcd client is the one in the etcd image kubeadm runs for this cluster (registry.k8s.io/etcd,
# its tag pinned by the pinned kubeadm): the server's own version, from the source that already
# runs etcd as root here; not Ubuntu's etcd-client (any version the archive has: 3.4 against a 3.5
# server). The images are pulled now, not by kubeadm init/join: restoring a backup and removing
# stale members come first. The image has no shell to copy with, so ctr mounts its filesystem
# read-only; the binaries are static Go and run on the host. See docs/security.md.
install_etcd_client() {
  local image tag mnt="$STATE_DIR/etcd-image" bin version copied=yes
  kubeadm config images pull --kubernetes-version "v$KUBERNETES_VERSION" --cri-socket unix:///run/containerd/containerd.sock \
    || fail "cannot pull the control-plane images of kubeadm v$KUBERNETES_VERSION"
  image="$(kubeadm config images list --kubernetes-version "v$KUBERNETES_VERSION" | grep '/etcd:')" \
    || fail "kubeadm v$KUBERNETES_VERSION names no etcd image"
  tag="${image##*:}"
  mkdir -p "$mnt" "$R/usr/local/bin"
  ctr -n k8s.io images mount "$image" "$mnt" >/dev/null || fail "cannot mount the etcd image $image"
  install -m 0755 "$mnt/usr/local/bin/etcdctl" "$mnt/usr/local/bin/etcdutl" "$R/usr/local/bin/" || copied=no
  ctr -n k8s.io images unmount --rm "$mnt" >/dev/null || log "WARNING: cannot unmount $mnt"
  [[ "$copied" == yes ]] || fail "the etcd image $image lacks /usr/local/bin/etcdctl or etcdutl"
  for bin in etcdctl etcdutl; do
    version="$("$R/usr/local/bin/$bin" version | sed -n 1p)"
    [[ "$version" == "$bin version: ${tag%-*}" ]] || fail "$bin of $image says '$version', not version ${tag%-*}"
    log "installed $bin ${tag%-*} from $image, sha256 $(sha256sum "$R/usr/local/bin/$bin" | cut -d' ' -f1)"
  done
}

# Exactly one instance initialises the cluster. The lock is an SSM parameter created
# WITHOUT --overwrite: Parameter Store creates a name at most once, so of several
# instances booting together exactly one succeeds; the others get ParameterAlreadyExists
# and join. The value names the winner, so a re-run of this script on it still inits.
# Generations: <prefix>/init-lock is the first; if its holder is terminated before any join
# material appears, waiters race for <prefix>/init-lock-2 (and so on) the same way.
lock_name() { # generation
  if (($1 == 1)); then echo "$SSM_PREFIX/init-lock"; else echo "$SSM_PREFIX/init-lock-$1"; fi
}

lock_holder() { # generation -> instance id; fails when that generation is unclaimed
  aws ssm get-parameter --name "$(lock_name "$1")" --query Parameter.Value --output text 2>/dev/null
}

claim_lock_generation() { # generation; 0 when this instance holds it
  local err="$SECRET_DIR/init-lock.err" attempt holder
  for ((attempt = 1; attempt <= 5; attempt++)); do
    if aws ssm put-parameter --name "$(lock_name "$1")" --type String --value "$INSTANCE_ID" >/dev/null 2>"$err"; then
      log "won the init lock $(lock_name "$1"): initialising the cluster"
      return 0
    fi
    if grep -q ParameterAlreadyExists "$err"; then
      holder="$(lock_holder "$1")"
      log "init lock $(lock_name "$1") held by $holder"
      [[ "$holder" == "$INSTANCE_ID" ]]
      return
    fi
    log "claiming the init lock failed (attempt $attempt/5): $(<"$err")"
    sleep 5
  done
  fail "cannot reach SSM Parameter Store to claim $(lock_name "$1")"
}

claim_init_lock() {
  claim_lock_generation 1
}

# What EC2 says about an instance: dead (InvalidInstanceID.NotFound, or shutting-down/terminated),
# alive (any other state) or unknown. Anything else -- throttling, a timeout, an expired credential
# -- is not evidence of death: acting on it would run a second `kubeadm init` (two etcds, two CAs
# behind one endpoint) or remove a live etcd member. It is retried a bounded number of times and
# then reported as unknown, which every caller treats as alive.
readonly FATE_ATTEMPTS=3
instance_fate() { # instance id -> dead | alive | unknown
  local err="$SECRET_DIR/describe-instances.err" state attempt
  for ((attempt = 1; attempt <= FATE_ATTEMPTS; attempt++)); do
    if state="$(aws ec2 describe-instances --instance-ids "$1" \
      --query 'Reservations[0].Instances[0].State.Name' --output text 2>"$err")"; then
      case "$state" in
        shutting-down | terminated) echo dead; return 0 ;;
        pending | running | stopping | stopped) echo alive; return 0 ;;
      esac
      echo "unexpected state '$state'" >"$err"
    elif grep -q 'InvalidInstanceID.NotFound' "$err"; then
      echo dead
      return 0
    fi
    log "cannot tell whether $1 is gone (attempt $attempt/$FATE_ATTEMPTS): $(tr '\n' ' ' <"$err")"
    ((attempt == FATE_ATTEMPTS)) || sleep 5
  done
  echo unknown
}

# The fate of the instance an etcd member runs on, found by the member's peer IP (unique within
# the VPC). Its name (= the node name) is not enough: the Node of a terminated instance may
# already be deleted by the cloud controller manager. No instance holds the IP: dead.
member_fate() { # peer IP -> dead | alive | unknown
  local err="$SECRET_DIR/describe-instances.err" ids attempt id fate verdict=dead
  for ((attempt = 1; attempt <= FATE_ATTEMPTS; attempt++)); do
    if ids="$(aws ec2 describe-instances --filters "Name=vpc-id,Values=$VPC_ID" "Name=private-ip-address,Values=$1" \
      --query 'Reservations[].Instances[].InstanceId' --output text 2>"$err")"; then
      for id in $ids; do
        fate="$(instance_fate "$id")"
        [[ "$fate" == dead ]] || verdict="$fate"
      done
      echo "$verdict"
      return 0
    fi
    log "cannot tell which instance has $1 (attempt $attempt/$FATE_ATTEMPTS): $(tr '\n' ' ' <"$err")"
    ((attempt == FATE_ATTEMPTS)) || sleep 5
  done
  echo unknown
}

# Called every minute while waiting for the join material: when the newest lock's holder is
# gone (terminated, or unknown to EC2), claim the next generation. A holder that is running
# or stopped keeps the lock: it may still publish; so does one EC2 cannot tell us about.
newest_lock_generation() {
  local generation=1
  while lock_holder $((generation + 1)) >/dev/null; do
    generation=$((generation + 1))
  done
  echo "$generation"
}

take_over_dead_init_lock() { # attempt
  (($1 % 6 == 0)) || return 1
  local generation holder
  generation="$(newest_lock_generation)"
  holder="$(lock_holder "$generation")" || return 1
  [[ "$(instance_fate "$holder")" == dead ]] || return 1
  log "init lock holder $holder is gone and published no join material"
  claim_lock_generation $((generation + 1))
}

ca_cert_hash() {
  openssl x509 -pubkey -noout -in "$PKI_DIR/ca.crt" | openssl pkey -pubin -outform der \
    | openssl dgst -sha256 -hex | sed 's/^.* /sha256:/'
}

write_init_config() {
  secrets_begin
  {
    echo "apiVersion: kubeadm.k8s.io/v1beta4"
    echo "kind: InitConfiguration"
    echo "bootstrapTokens:"
    echo "  - token: $(<"$SECRET_DIR/token")"
    echo "    ttl: $JOIN_TOKEN_TTL"
    echo "    usages: [signing, authentication]"
    echo "    groups: [system:bootstrappers:kubeadm:default-node-token]"
    echo "certificateKey: $(<"$SECRET_DIR/certificate-key")"
    echo "localAPIEndpoint:"
    echo "  advertiseAddress: $NODE_IP"
    echo "  bindPort: 6443"
    node_registration_yaml node-role.kubernetes.io/control-plane:NoSchedule
  } >"$KUBEADM_CONFIG"
  secrets_end
  cat >>"$KUBEADM_CONFIG" <<CLUSTER_CONFIG
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
clusterName: $CLUSTER_NAME
kubernetesVersion: v$KUBERNETES_VERSION
controlPlaneEndpoint: $API_ENDPOINT:6443
apiServer:
  certSANs: [$API_ENDPOINT]
networking:
  podSubnet: $POD_SUBNET
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
maxPods: 110
CLUSTER_CONFIG
}

# A failed init leaves the lock held by a live instance that will never publish: on_exit
# (common.sh) marks it unhealthy, its group replaces it and a waiter takes over the lock.
# A new cluster, or the old one restored from its newest etcd backup in the state store (see
# restore_latest_backup). The join material is published only once the API server answers
# /readyz and the local etcd member is healthy: published earlier, replacements of an init that
# then fails would try to join a cluster that never came up.
init_cluster() {
  local -a restore_flags=()
  if restore_latest_backup; then
    # kubeadm refuses a non-empty /var/lib/etcd unless told that this is on purpose (kubeadm's
    # documented way to start a control plane on restored etcd data).
    restore_flags=(--ignore-preflight-errors=DirAvailable--var-lib-etcd)
  fi
  secrets_begin
  kubeadm token generate >"$SECRET_DIR/token"
  kubeadm certs certificate-key >"$SECRET_DIR/certificate-key"
  secrets_end
  write_init_config
  run_kubeadm_quietly init --config "$KUBEADM_CONFIG" --upload-certs --skip-token-print --skip-certificate-key-print \
    "${restore_flags[@]}"
  wait_until_healthy
  ca_cert_hash >"$SECRET_DIR/ca-cert-hash"
  local name
  for name in token ca-cert-hash certificate-key; do
    put_secure_parameter "join/$name" "$SECRET_DIR/$name"
  done
  log "published the join material to $SSM_PREFIX/join/ (SecureString)"
  register_member
  apply_cni
  publish_admin_kubeconfig || log "WARNING: no cluster-admin kubeconfig in $ADMIN_KUBECONFIG_PARAMETER (see above)"
}

# The users' way in (docs/tutorial.md, "Reaching the API"): a kubeconfig for the user
# spotkube-admin, bound to cluster-admin by a ClusterRoleBinding (revocable by deleting it, unlike
# a system:masters certificate, which bypasses RBAC until the CA changes), stored as a SecureString
# under the cluster's own KMS key. Its server is the API load balancer, a certificate SAN. The
# cluster works without it: a failure is logged, not fatal.
readonly ADMIN_USER=spotkube-admin
publish_admin_kubeconfig() {
  [[ -n "$ADMIN_KUBECONFIG_PARAMETER" ]] || return 0
  local config="$SECRET_DIR/admin-user.yaml" kubeconfig="$SECRET_DIR/admin-user.conf"
  # ECDSA: the kubeconfig then fits Parameter Store's 4 KB standard tier (with an RSA key it does
  # not; Intelligent-Tiering below moves it to the advanced tier then).
  cat >"$config" <<ADMIN_USER_CONFIG
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
clusterName: $CLUSTER_NAME
kubernetesVersion: v$KUBERNETES_VERSION
controlPlaneEndpoint: $API_ENDPOINT:6443
certificatesDir: $PKI_DIR
encryptionAlgorithm: ECDSA-P256
ADMIN_USER_CONFIG
  kubectl --kubeconfig "$ADMIN_KUBECONFIG" apply -f - >/dev/null <<BINDING || { log "cannot bind $ADMIN_USER to cluster-admin"; return 1; }
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: $ADMIN_USER
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: $ADMIN_USER}
BINDING
  (umask 077 && kubeadm kubeconfig user --config "$config" --client-name "$ADMIN_USER" >"$kubeconfig") \
    || { log "kubeadm kubeconfig user failed"; return 1; }
  aws ssm put-parameter --name "$ADMIN_KUBECONFIG_PARAMETER" --type SecureString --key-id "$ADMIN_KUBECONFIG_KEY" \
    --tier Intelligent-Tiering --value "file://$kubeconfig" --overwrite >/dev/null \
    || { log "cannot store the kubeconfig in $ADMIN_KUBECONFIG_PARAMETER"; return 1; }
  rm -f "$kubeconfig"
  log "stored the cluster-admin kubeconfig (user $ADMIN_USER) in $ADMIN_KUBECONFIG_PARAMETER (SecureString)"
}

# The CNI manifest is downloaded once and, when pinned (CNI_MANIFEST_SHA256: the cluster's
# cniManifestSha256 prop), checked before anything in it is applied; a manifest that does not match
# fails the boot. Unpinned (the default Calico URL: its hash is not known offline, docs/security.md),
# it is applied with a warning in the log.
apply_cni() {
  local attempt manifest="$R/tmp/cni-manifest.yaml"
  curl -fsSL --retry 10 --retry-all-errors -o "$manifest" "$CNI_MANIFEST_URL" || fail "could not download the CNI manifest $CNI_MANIFEST_URL"
  if [[ -n "$CNI_MANIFEST_SHA256" ]]; then
    [[ "$(sha256sum "$manifest" | cut -d' ' -f1)" == "$CNI_MANIFEST_SHA256" ]] \
      || fail "the CNI manifest $CNI_MANIFEST_URL is not the pinned one (SHA-256 $CNI_MANIFEST_SHA256): refusing it"
  else
    log "WARNING: the CNI manifest $CNI_MANIFEST_URL is not pinned by SHA-256 (cniManifestSha256)"
  fi
  for ((attempt = 1; attempt <= 30; attempt++)); do
    if kubectl --kubeconfig "$ADMIN_KUBECONFIG" apply --server-side --force-conflicts -f "$manifest" >/dev/null; then
      log "applied the CNI from $CNI_MANIFEST_URL"
      return 0
    fi
    sleep 10
  done
  fail "could not apply the CNI manifest $CNI_MANIFEST_URL"
}

# A replacement control-plane instance: before joining, remove the etcd members whose instance
# is gone (EC2: no instance in this VPC has the member's peer IP, or it is terminated) and any
# member carrying this node's name (a previous incarnation). Joining first would grow etcd to
# N+1 members with one dead, which can lose quorum. A member that merely does not answer (a
# partition, a slow disk) is kept: removing a live member can lose quorum too, and EC2 is the
# only witness that it cannot come back. Credentials: the control-plane certificates kubeadm
# downloads with the certificate key, from which it makes an admin kubeconfig and an etcd client
# certificate.
remove_stale_etcd_members() {
  local kubeconfig="$SECRET_DIR/admin.conf" nodes endpoints members mac
  mac="$(imds mac)"
  VPC_ID="$(imds "network/interfaces/macs/$mac/vpc-id")"
  # --kubernetes-version: without it kubeadm asks dl.k8s.io for the latest release.
  run_kubeadm_quietly init phase kubeconfig admin --control-plane-endpoint "$API_ENDPOINT:6443" \
    --kubernetes-version "v$KUBERNETES_VERSION" --cert-dir "$PKI_DIR" --kubeconfig-dir "$SECRET_DIR"
  run_kubeadm_quietly init phase certs etcd-healthcheck-client --kubernetes-version "v$KUBERNETES_VERSION" \
    --cert-dir "$PKI_DIR"
  local -a etcd=(etcd_client)
  if ! nodes="$(kubectl --kubeconfig "$kubeconfig" get nodes -l node-role.kubernetes.io/control-plane --no-headers \
    -o 'custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status,IP:.status.addresses[?(@.type=="InternalIP")].address')"; then
    log "cannot list the control-plane nodes: not checking etcd members"
    return 0
  fi
  endpoints="$(awk '$2 == "True" {printf "%shttps://%s:2379", sep, $3; sep = ","}' <<<"$nodes")"
  if [[ -z "$endpoints" ]]; then
    log "no Ready control-plane node: not checking etcd members"
    return 0
  fi
  members="$("${etcd[@]}" --endpoints "$endpoints" member list -w simple)" || fail "cannot list the etcd members via $endpoints"
  local id name peer ip
  while IFS=', ' read -r id _ name peer _ _; do
    [[ -n "$id" ]] || continue
    if [[ "$name" != "$NODE_NAME" ]]; then
      ip="${peer#https://}"
      ip="${ip%:*}"
      if [[ "$(member_fate "$ip")" != dead ]]; then
        continue
      fi
    fi
    log "removing etcd member ${name:-<unstarted>} ($id, $peer): its instance is gone"
    "${etcd[@]}" --endpoints "$endpoints" member remove "$id" >/dev/null
    if [[ -n "$name" && "$name" != "$NODE_NAME" ]]; then
      kubectl --kubeconfig "$kubeconfig" delete node "$name" --ignore-not-found >/dev/null
    fi
  done <<<"$members"
  rm -f "$kubeconfig"
}

join_control_plane() {
  local waited=0
  wait_for_join_material take_over_dead_init_lock || waited=$?
  if ((waited == 0)) && cluster_is_gone && withdraw_join_material; then
    # Every member is gone: the first replacement to claim the next init lock generation
    # restores the newest backup; the others wait for its join material.
    if claim_lock_generation $(($(newest_lock_generation) + 1)); then
      init_cluster
      return
    fi
    wait_for_join_material take_over_dead_init_lock || waited=$?
  fi
  if ((waited == 2)); then
    init_cluster
    return
  fi
  write_join_config
  run_kubeadm_quietly join phase control-plane-prepare download-certs --config "$KUBEADM_CONFIG"
  remove_stale_etcd_members
  run_kubeadm_quietly join --config "$KUBEADM_CONFIG"
  register_member
  log "joined the control plane"
}

# Labels the kubelet may not set on itself; a control-plane node has the rights to set them.
label_self() {
  [[ -n "$PRIVILEGED_NODE_LABELS" ]] || return 0
  local -a labels
  IFS=, read -r -a labels <<<"$PRIVILEGED_NODE_LABELS"
  kubectl --kubeconfig "$ADMIN_KUBECONFIG" label node "$NODE_NAME" --overwrite "${labels[@]}" >/dev/null
}

# A timer's script, from the stack's assets (BootstrapScript.maintenanceScripts).
install_script() { # s3 URL, file name
  aws s3 cp "$1" "$R/usr/local/lib/spotkube/$2" --only-show-errors || fail "cannot download $2 from $1"
  chmod 0755 "$R/usr/local/lib/spotkube/$2"
}

# The add-on timer: applies s3://<state store>/<addons prefix> when it changes, keeps the
# join material fresh (tokens expire after 24 h, uploaded certificates after 2 h) and
# labels new nodes from their group's tags.
install_addons_service() {
  mkdir -p "$R/etc/spotkube" "$R/usr/local/lib/spotkube" "$R/etc/systemd/system"
  printf '%s\n' "CLUSTER_NAME='$CLUSTER_NAME'" "SSM_PREFIX='$SSM_PREFIX'" "STATE_BUCKET='$STATE_BUCKET'" \
    "ADDONS_PREFIX='$ADDONS_PREFIX'" "AWS_DEFAULT_REGION='$INSTANCE_REGION'" "API_ENDPOINT='$API_ENDPOINT'" \
    "KUBERNETES_VERSION='$KUBERNETES_VERSION'" "JOIN_MATERIAL_KEY='$JOIN_MATERIAL_KEY'" \
    "JOIN_TOKEN_TTL='$JOIN_TOKEN_TTL'" "ETCD_BACKUP_PREFIX='$ETCD_BACKUP_PREFIX'" \
    "ETCD_BACKUP_INTERVAL_MINUTES='$ETCD_BACKUP_INTERVAL_MINUTES'" "ETCD_BACKUPS_KEPT='$ETCD_BACKUPS_KEPT'" \
    >"$R/etc/spotkube/cluster.env"
  printf '%s\n' "$ADDON_VARIABLES" >"$R/etc/spotkube/addon-variables"
  install_script "$ADDONS_SCRIPT_URL" addons.sh
  cat >"$R/etc/systemd/system/spotkube-addons.service" <<'UNIT'
[Unit]
Description=spotkube: apply add-ons from the state store, refresh join material, label nodes
After=kubelet.service
[Service]
Type=oneshot
ExecStart=/usr/local/lib/spotkube/addons.sh
UNIT
  cat >"$R/etc/systemd/system/spotkube-addons.timer" <<'UNIT'
[Unit]
Description=spotkube: run spotkube-addons.service every minute
[Timer]
OnBootSec=1min
OnUnitActiveSec=1min
[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now spotkube-addons.timer
}

# The etcd backup timer (etcd-backup.sh): every node runs it, the etcd leader's run backs up.
install_etcd_backup_service() {
  install_script "$ETCD_BACKUP_SCRIPT_URL" etcd-backup.sh
  cat >"$R/etc/systemd/system/spotkube-etcd-backup.service" <<'UNIT'
[Unit]
Description=spotkube: back up etcd to the state store when the newest backup is older than the interval
After=kubelet.service
[Service]
Type=oneshot
ExecStart=/usr/local/lib/spotkube/etcd-backup.sh
UNIT
  cat >"$R/etc/systemd/system/spotkube-etcd-backup.timer" <<'UNIT'
[Unit]
Description=spotkube: run spotkube-etcd-backup.service every 5 minutes
[Timer]
OnBootSec=5min
OnUnitActiveSec=5min
[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now spotkube-etcd-backup.timer
}

main() {
  trap on_exit EXIT
  prepare_directories
  read_instance_identity
  install_aws_cli
  prepare_kernel
  install_packages
  install_etcd_client
  if [[ -f "$ADMIN_KUBECONFIG" ]]; then
    log "already a control-plane member ($ADMIN_KUBECONFIG exists)"
  elif claim_init_lock; then
    init_cluster
  else
    join_control_plane
  fi
  label_self
  install_addons_service
  install_etcd_backup_service
  log "control plane $NODE_NAME ready"
}

main "$@"
