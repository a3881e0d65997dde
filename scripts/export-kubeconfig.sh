#!/usr/bin/env bash
# Writes a cluster-admin kubeconfig for a spotkube cluster, as `kops export kubeconfig NAME
# --admin` does for kOps, and prints the Session Manager command that opens the way to the
# cluster's internal API (docs/tutorial.md, "Reaching the API").
#
#   scripts/export-kubeconfig.sh CLUSTER [--region REGION] [--port LOCAL_PORT] [--kubeconfig FILE]
#
# Needs the AWS CLI and credentials of a role the cluster granted (grantClusterAdmin, or the
# tutorial app's -c adminRoleArn=...); the tunnel needs the Session Manager plugin as well.
# It finds a running control-plane instance of CLUSTER by its tags (kubernetes.io/cluster/CLUSTER
# =owned, k8s.io/role/control-plane=1), reads the kubeconfig parameter that instance's
# spotkube.io/admin-kubeconfig-parameter tag names, points the kubeconfig at
# https://localhost:LOCAL_PORT with tls-server-name = the API load balancer's name (a SAN of the
# API server's certificate, so TLS still verifies) and writes it with mode 0600. The kubeconfig
# only passes through files: never a command line, never the terminal.
set -euo pipefail

readonly PROGRAM="${0##*/}"
readonly DOCUMENT=AWS-StartPortForwardingSessionToRemoteHost
readonly API_PORT=6443

usage() {
  printf 'usage: %s CLUSTER [--region REGION] [--port LOCAL_PORT] [--kubeconfig FILE]\n' "$PROGRAM" >&2
  exit 2
}
die() {
  printf '%s: error: %s\n' "$PROGRAM" "$*" >&2
  exit 1
}
last_line() { # file -> its last non-empty line, for a one-line error
  awk 'NF {line = $0} END {print line}' "$1"
}

cluster="" region="" port=8443 kubeconfig=""
while (($#)); do
  case "$1" in
    --region) region="${2:-}"; shift 2 || usage ;;
    --port) port="${2:-}"; shift 2 || usage ;;
    --kubeconfig) kubeconfig="${2:-}"; shift 2 || usage ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [[ -z "$cluster" ]] || usage; cluster="$1"; shift ;;
  esac
done
[[ -n "$cluster" ]] || usage
[[ "$cluster" =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "cluster name '$cluster' is not a DNS name"
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1024 || port > 65535)); then
  die "--port $port: give a local port 1024-65535"
fi
kubeconfig="${kubeconfig:-$HOME/.kube/spotkube-$cluster.kubeconfig}"
aws_region=()
[[ -z "$region" ]] || aws_region=(--region "$region")

work="$(umask 077 && mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A running control-plane instance, and the parameter its tag names.
# shellcheck disable=SC2016  # the backquotes are a JMESPath literal, not a command substitution
if ! aws "${aws_region[@]}" ec2 describe-instances \
  --filters "Name=tag:kubernetes.io/cluster/$cluster,Values=owned" "Name=tag:k8s.io/role/control-plane,Values=1" \
  "Name=instance-state-name,Values=running" \
  --query 'Reservations[].Instances[].[InstanceId, Tags[?Key==`spotkube.io/admin-kubeconfig-parameter`].Value | [0]]' \
  --output text >"$work/instances" 2>"$work/error"; then
  die "cannot list the instances of cluster $cluster: $(last_line "$work/error")"
fi
read -r instance parameter < <(sort "$work/instances") || true
[[ -n "${instance:-}" ]] \
  || die "no running control-plane instance of cluster $cluster${region:+ in $region} (tags kubernetes.io/cluster/$cluster=owned, k8s.io/role/control-plane=1)"
[[ -n "${parameter:-}" && "$parameter" != None ]] \
  || die "control-plane instance $instance has no spotkube.io/admin-kubeconfig-parameter tag: redeploy the cluster with this spotkube version"

# The kubeconfig, from SSM to a private file.
if ! aws "${aws_region[@]}" ssm get-parameter --name "$parameter" --with-decryption \
  --query Parameter.Value --output text >"$work/admin.conf" 2>"$work/error"; then
  if grep -q ParameterNotFound "$work/error"; then
    die "no admin kubeconfig in SSM parameter $parameter yet: the first control plane stores it after kubeadm init, a few minutes after the deploy"
  fi
  die "cannot read the admin kubeconfig $parameter: $(last_line "$work/error")"
fi
server="$(awk '$1 == "server:" {print $2; exit}' "$work/admin.conf")"
[[ "$server" =~ ^https://([A-Za-z0-9.-]+):$API_PORT$ ]] || die "unexpected server '$server' in $parameter"
host="${BASH_REMATCH[1]}"

# Through the tunnel the API is https://localhost:PORT; its certificate names the load balancer.
awk -v server="https://localhost:$port" -v host="$host" '
  $1 == "server:" {
    indent = substr($0, 1, index($0, "server:") - 1)
    print indent "server: " server
    print indent "tls-server-name: " host
    next
  }
  {print}' "$work/admin.conf" >"$work/kubeconfig"
mkdir -p "$(dirname "$kubeconfig")"
(umask 077 && cp "$work/kubeconfig" "$kubeconfig.tmp.$$")
chmod 0600 "$kubeconfig.tmp.$$"
mv -f "$kubeconfig.tmp.$$" "$kubeconfig"

printf 'Wrote %s: cluster %s as spotkube-admin (cluster-admin), server https://localhost:%s.\n' "$kubeconfig" "$cluster" "$port"
printf 'Open the tunnel to the API and keep it running (needs the Session Manager plugin):\n\n'
printf '  aws ssm start-session%s --target %s --document-name %s --parameters host=%s,portNumber=%s,localPortNumber=%s\n\n' \
  "${region:+ --region $region}" "$instance" "$DOCUMENT" "$host" "$API_PORT" "$port"
printf 'Then, in another terminal:\n\n  export KUBECONFIG=%s\n  kubectl get nodes\n' "$kubeconfig"
