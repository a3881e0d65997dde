# ---- control-plane-recovery.sh: health gate, member registry, withdrawal, restore ------------
# etcd as the control plane's own client: the healthcheck-client certificate kubeadm creates on
# every control-plane node (etcd runs without RBAC, so any certificate of its CA may act).
etcd_client() {
  "$R/usr/local/bin/etcdctl" --dial-timeout=5s --command-timeout=15s --cacert "$ETCD_PKI/ca.crt" \
    --cert "$ETCD_PKI/healthcheck-client.crt" --key "$ETCD_PKI/healthcheck-client.key" "$@"
}

readonly ETCD_DATA_DIR="$R/var/lib/etcd"
# x 10 s: kubeadm init returns once the API server runs; etcd and /readyz follow within seconds.
readonly HEALTH_ATTEMPTS=30

# The gate before the join material is published: the API server ready (its /readyz includes
# its etcd check) and this node's etcd member healthy.
wait_until_healthy() {
  local attempt
  for ((attempt = 1; attempt <= HEALTH_ATTEMPTS; attempt++)); do
    if kubectl --kubeconfig "$ADMIN_KUBECONFIG" get --raw /readyz >/dev/null \
      && etcd_client --endpoints "https://$NODE_IP:2379" endpoint health >/dev/null; then
      log "the control plane is healthy (API /readyz, etcd endpoint health)"
      return 0
    fi
    log "waiting for the new control plane to be healthy (attempt $attempt/$HEALTH_ATTEMPTS)"
    sleep 10
  done
  fail "the new control plane did not become healthy (API /readyz, etcd endpoint health): the join material is not published"
}

# Every control plane that initialised or joined is listed as <prefix>/members/<instance id>:
# the witness list for cluster_is_gone (the etcd member list is unreadable once etcd is gone).
register_member() {
  aws ssm put-parameter --name "$SSM_PREFIX/members/$INSTANCE_ID" --type String --value "$NODE_IP" --overwrite >/dev/null \
    || log "WARNING: cannot register $INSTANCE_ID in $SSM_PREFIX/members/"
}

registered_members() { # -> instance ids, one a line; fails when SSM cannot be read
  local names
  names="$(aws ssm get-parameters-by-path --path "$SSM_PREFIX/members" --query 'Parameters[].Name' --output text)" || return 1
  [[ "$names" == None ]] && return 0
  tr '\t' '\n' <<<"$names" | sed 's|.*/||' | grep . || true
}

# The cluster the join material belongs to is gone when its API does not answer AND EC2 says the
# instance of every registered member is gone (InvalidInstanceID.NotFound, terminated). Anything
# short of that -- a member EC2 cannot tell about, no registry, SSM unreadable -- is "not gone":
# withdrawing the material of a live cluster would make the next replacement initialise a second
# one. A cluster that lost quorum but keeps a running member is for the operator (operations.md).
cluster_is_gone() {
  if curl -fsSk --max-time 5 "https://$API_ENDPOINT:6443/readyz" >/dev/null 2>&1; then
    return 1
  fi
  local members id
  members="$(registered_members)" || { log "cannot read $SSM_PREFIX/members/: assuming the cluster is alive"; return 1; }
  [[ -n "$members" ]] || { log "the API does not answer, but no member is registered: assuming the cluster is alive"; return 1; }
  for id in $members; do
    [[ "$id" != "$INSTANCE_ID" ]] || continue
    if [[ "$(instance_fate "$id")" != dead ]]; then
      log "the API does not answer, but member $id is not gone: not withdrawing the join material"
      return 1
    fi
  done
  log "the API does not answer and every member's instance is gone ($(tr '\n' ' ' <<<"$members"))"
}

# Deletes the join material (and the registry) of a cluster that is gone, unless it changed since
# this instance read it: then a new first control plane has just published its own.
withdraw_join_material() {
  local name id
  secrets_begin
  if ! get_parameter join/token | cmp -s - "$SECRET_DIR/token"; then
    secrets_end
    log "the join material changed meanwhile: a new control plane published it"
    return 1
  fi
  secrets_end
  for name in token ca-cert-hash certificate-key; do
    aws ssm delete-parameter --name "$SSM_PREFIX/join/$name" 2>/dev/null || true
  done
  for id in $(registered_members); do
    aws ssm delete-parameter --name "$SSM_PREFIX/members/$id" 2>/dev/null || true
  done
  log "withdrew the join material of the lost cluster from $SSM_PREFIX/join/"
}

# kOps' etcd-manager restores the newest backup when it creates a cluster that had one; so does
# this. The backup (etcd-backup.sh) holds an etcd snapshot and the cluster's CAs and
# service-account key: the restored data needs them (workers keep trusting the API, tokens stay
# valid). A listing error fails the boot (the group replaces the instance): initialising an empty
# cluster next to a backup that could not be read would lose it silently.
restore_latest_backup() {
  local listing latest work="$STATE_DIR/restore"
  listing="$(aws s3api list-objects-v2 --bucket "$STATE_BUCKET" --prefix "$ETCD_BACKUP_PREFIX" \
    --query 'Contents[].Key' --output text)" || fail "cannot list the etcd backups in s3://$STATE_BUCKET/$ETCD_BACKUP_PREFIX"
  latest="$(tr '\t' '\n' <<<"$listing" | grep '\.tar\.gz$' | LC_ALL=C sort | tail -n 1 || true)"
  if [[ -z "$latest" ]]; then
    log "no etcd backup in s3://$STATE_BUCKET/$ETCD_BACKUP_PREFIX: initialising a new cluster"
    return 1
  fi
  (umask 077 && mkdir -p "$work")
  aws s3 cp "s3://$STATE_BUCKET/$latest" "$work/backup.tar.gz" --only-show-errors || fail "cannot download s3://$STATE_BUCKET/$latest"
  tar -xzf "$work/backup.tar.gz" -C "$work" || fail "s3://$STATE_BUCKET/$latest is not a spotkube etcd backup"
  [[ -f "$work/snapshot.db" && -f "$work/pki/ca.key" ]] || fail "s3://$STATE_BUCKET/$latest lacks snapshot.db or pki/"
  mkdir -p "$PKI_DIR"
  cp -R "$work/pki/." "$PKI_DIR/"
  rm -rf "$ETCD_DATA_DIR"
  "$R/usr/local/bin/etcdutl" snapshot restore "$work/snapshot.db" --name "$NODE_NAME" \
    --initial-cluster "$NODE_NAME=https://$NODE_IP:2380" --initial-advertise-peer-urls "https://$NODE_IP:2380" \
    --data-dir "$ETCD_DATA_DIR" >/dev/null || fail "restoring the etcd snapshot of s3://$STATE_BUCKET/$latest failed"
  rm -rf "$work"
  log "restored etcd and the cluster's CAs from s3://$STATE_BUCKET/$latest"
}
