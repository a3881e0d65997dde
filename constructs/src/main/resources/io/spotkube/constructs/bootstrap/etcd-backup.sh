#!/usr/bin/env bash
# ---- etcd-backup.sh: run every 5 minutes on control-plane nodes by spotkube-etcd-backup.timer --
# kOps' etcd-manager in the small: the etcd leader (one writer per cluster, whichever node it is)
# takes a snapshot when the newest backup in s3://<state store>/<backup prefix> is older than
# ETCD_BACKUP_INTERVAL_MINUTES, uploads it with the cluster's CAs and service-account key
# (what a restore needs besides the data) as <UTC time>.tar.gz, server-side encrypted, and
# deletes all but the newest ETCD_BACKUPS_KEPT. restore_latest_backup (control-plane-recovery.sh)
# reads them back.
set -euo pipefail
R="${SPOTKUBE_ROOT:-}"
# shellcheck source=/dev/null
source "$R/etc/spotkube/cluster.env"
export AWS_DEFAULT_REGION
readonly PKI_DIR="$R/etc/kubernetes/pki"
readonly ETCD_PKI="$PKI_DIR/etcd"
# Not /run (a tmpfs the size of a fraction of memory): a snapshot can be large.
readonly WORK_DIR="$R/var/lib/spotkube/etcd-backup"
# What a restored cluster needs besides etcd's data: the CAs (cluster, front proxy, etcd) and the
# service-account signing key. The rest kubeadm makes anew from them.
readonly PKI_FILES=(ca.crt ca.key sa.key sa.pub front-proxy-ca.crt front-proxy-ca.key etcd/ca.crt etcd/ca.key)

log() { printf 'spotkube-etcd-backup: %s\n' "$*" >&2; }

# The etcd image's etcdctl, which control-plane.sh installed (install_etcd_client).
etcd_client() {
  "$R/usr/local/bin/etcdctl" --endpoints https://127.0.0.1:2379 --dial-timeout=5s --command-timeout=120s \
    --cacert "$ETCD_PKI/ca.crt" --cert "$ETCD_PKI/healthcheck-client.crt" --key "$ETCD_PKI/healthcheck-client.key" "$@"
}

is_leader() {
  local status
  status="$(etcd_client endpoint status -w fields)" || return 1
  [[ "$(awk -F' : ' '$1 == "\"MemberID\"" {print $2}' <<<"$status")" \
    == "$(awk -F' : ' '$1 == "\"Leader\"" {print $2}' <<<"$status")" ]]
}

backups() { # -> keys, oldest first
  local listing
  listing="$(aws s3api list-objects-v2 --bucket "$STATE_BUCKET" --prefix "$ETCD_BACKUP_PREFIX" \
    --query 'Contents[].Key' --output text)" || return 1
  tr '\t' '\n' <<<"$listing" | grep '\.tar\.gz$' | LC_ALL=C sort || true
}

backup_due() { # newest key -> 0 when older than the interval (or none)
  [[ -n "$1" ]] || return 0
  local stamp="${1##*/}" taken
  stamp="${stamp%.tar.gz}" # 20261129T224500Z
  taken="$(date -u -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2} UTC" +%s)" || return 0
  (($(date -u +%s) - taken >= ETCD_BACKUP_INTERVAL_MINUTES * 60))
}

main() {
  if ! is_leader; then
    return 0 # a follower, or etcd down here: the leader's node backs up
  fi
  local listing
  local -a keys=()
  listing="$(backups)" || { log "cannot list s3://$STATE_BUCKET/$ETCD_BACKUP_PREFIX"; return 1; }
  [[ -z "$listing" ]] || mapfile -t keys <<<"$listing"
  local newest=""
  ((${#keys[@]} == 0)) || newest="${keys[${#keys[@]} - 1]}"
  backup_due "$newest" || return 0
  rm -rf "$WORK_DIR"
  (umask 077 && mkdir -p "$WORK_DIR/pki/etcd")
  local key
  key="$ETCD_BACKUP_PREFIX$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
  etcd_client snapshot save "$WORK_DIR/snapshot.db" >/dev/null || { log "etcdctl snapshot save failed"; return 1; }
  local file
  for file in "${PKI_FILES[@]}"; do
    cp "$PKI_DIR/$file" "$WORK_DIR/pki/$file"
  done
  (umask 077 && tar -czf "$WORK_DIR/backup.tar.gz" -C "$WORK_DIR" snapshot.db pki)
  aws s3 cp "$WORK_DIR/backup.tar.gz" "s3://$STATE_BUCKET/$key" --sse AES256 --only-show-errors \
    || { log "uploading s3://$STATE_BUCKET/$key failed"; rm -rf "$WORK_DIR"; return 1; }
  rm -rf "$WORK_DIR"
  log "backed up etcd to s3://$STATE_BUCKET/$key"
  keys+=("$key")
  local excess=$((${#keys[@]} - ETCD_BACKUPS_KEPT)) i
  for ((i = 0; i < excess; i++)); do
    aws s3 rm "s3://$STATE_BUCKET/${keys[i]}" --only-show-errors && log "deleted the old backup ${keys[i]}"
  done
}

main "$@"
