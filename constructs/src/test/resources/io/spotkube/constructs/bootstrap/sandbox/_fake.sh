# Sourced by every stand-in.
set -euo pipefail
: "${SPOTKUBE_SANDBOX:?}" "${FAKE_CALLS:?}"
printf '%s\n' "${0##*/} $*" >>"$FAKE_CALLS"
die() { printf '%s\n' "$*" >&2; exit 1; }
# value of --flag in "$@"
flag() { local want="$1"; shift; while (($#)); do [[ "$1" == "$want" ]] && { printf '%s' "$2"; return 0; }; shift; done; return 1; }
has() { local want="$1"; shift; local a; for a in "$@"; do [[ "$a" == "$want" ]] && return 0; done; return 1; }
# value of "key: value" in a kubeadm config file
yaml_value() { sed -n "s/^ *-\{0,1\} *$1: *//p" "$2" | head -1; }
# The API answers (/readyz) while a majority of etcd members is healthy and no fault says otherwise.
cluster_answers() {
  [[ ! -f "$SPOTKUBE_SANDBOX/api-not-ready" ]] \
    && awk '{n++} $5 == "healthy" {h++} END {exit !(n > 0 && 2 * h > n)}' "$SPOTKUBE_SANDBOX/etcd-members"
}
