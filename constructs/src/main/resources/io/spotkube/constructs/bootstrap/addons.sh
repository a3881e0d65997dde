#!/usr/bin/env bash
# ---- addons.sh: run every minute on control-plane nodes by spotkube-addons.timer ----------
# Usage: addons.sh [apply] [registry] [refresh] [label]   (no argument: all four)
#   apply    kOps-addons style: gather the manifests -- s3://<state store>/<addons prefix>,
#            and every SSM parameter <prefix>/addons/<file> holding an S3 URL (written by
#            the constructs; CloudFormation keeps it current) -- substitute the {{NAME}}
#            add-on variables (SSM <prefix>/addons/variables first, then the user data's),
#            and kubectl apply the result when its checksum differs from the last applied one
#   refresh  keeps the join material in SSM valid and short-lived: every 20 minutes a new
#            certificate key with the control-plane certificates re-uploaded under it (the old
#            key decrypts nothing any more; kubeadm deletes the upload after 2 h anyway), a new
#            bootstrap token (JOIN_TOKEN_TTL, 1 h), and every older token revoked but the one it
#            replaces (a join that read it a moment ago still completes): at most two alive
#   registry keeps a pull secret for the private ECR registries the applied add-ons' images
#            come from (the runtime image is a CDK asset there): a kubeadm kubelet has no ECR
#            credentials of its own
#   label    applies each node group's labels (the node-template label tags of its Auto
#            Scaling group) that a kubelet may not set on itself (*.k8s.io, *.kubernetes.io)
set -euo pipefail
R="${SPOTKUBE_ROOT:-}"
# shellcheck source=/dev/null
source "$R/etc/spotkube/cluster.env"
export AWS_DEFAULT_REGION
export KUBECONFIG="$R/etc/kubernetes/admin.conf"
readonly STATE_DIR="$R/var/lib/spotkube"
readonly ADDONS_DIR="$STATE_DIR/addons"
readonly RENDERED_DIR="$STATE_DIR/addons-rendered"
readonly VARIABLES_FILE="$R/etc/spotkube/addon-variables"
readonly ADDON_PARAMETERS="$SSM_PREFIX/addons"
readonly SECRET_DIR="$R/run/spotkube-addons"
# io.spotkube.contract.NodeTemplateTags.LABEL_PREFIX, filled in by BootstrapScript
readonly TEMPLATE_LABEL_TAG="@@TEMPLATE_LABEL_TAG@@"
readonly REFRESH_MINUTES=50
readonly JOIN_REFRESH_MINUTES=20
readonly NODE_TOKEN_GROUP=system:bootstrappers:kubeadm:default-node-token
readonly REGISTRY_SECRET="spotkube-registry"
readonly REGISTRY_NAMESPACE="spotkube-system"

log() { printf 'spotkube-addons: %s\n' "$*" >&2; }

# Copies the synced manifests to RENDERED_DIR with {{NAME}} replaced by the add-on
# variables; a manifest using an undefined variable stops the apply.
render_addons() {
  rm -rf "$RENDERED_DIR"
  mkdir -p "$RENDERED_DIR"
  # The first definition of a name wins: the SSM parameter (optional, kept current by
  # CloudFormation) before the values in the user data.
  local -a variables=() from_user_data=()
  mapfile -t variables < <(aws ssm get-parameter --name "$ADDON_PARAMETERS/variables" \
    --query Parameter.Value --output text 2>/dev/null || true)
  [[ -f "$VARIABLES_FILE" ]] && mapfile -t from_user_data <"$VARIABLES_FILE"
  variables+=("${from_user_data[@]}")
  local file relative content variable unresolved
  while IFS= read -r -d '' file; do
    relative="${file#"$ADDONS_DIR"/}"
    content="$(<"$file")"
    for variable in "${variables[@]}"; do
      [[ "$variable" == *=* ]] || continue
      content="${content//"{{${variable%%=*}}}"/"${variable#*=}"}"
    done
    unresolved="$(grep -o '{{[A-Z][A-Z0-9_]*}}' <<<"$content" | sort -u | tr '\n' ' ' || true)"
    if [[ -n "$unresolved" ]]; then
      log "$relative uses undefined add-on variables: $unresolved"
      return 1
    fi
    mkdir -p "$(dirname "$RENDERED_DIR/$relative")"
    printf '%s\n' "$content" >"$RENDERED_DIR/$relative"
  done < <(find "$ADDONS_DIR" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0 | LC_ALL=C sort -z)
}

# The manifests named by SSM parameters <prefix>/addons/<file> (value: s3://bucket/key).
fetch_parameter_addons() {
  local dir="$ADDONS_DIR/parameters" name url
  rm -rf "$dir"
  mkdir -p "$dir"
  local listing
  listing="$(aws ssm get-parameters-by-path --path "$ADDON_PARAMETERS" \
    --query "Parameters[?!ends_with(Name, '/variables')].[Name,Value]" --output text)" || return 1
  while IFS=$'\t' read -r name url; do
    [[ -n "$name" ]] || continue
    [[ "$url" == s3://* ]] || { log "$name is not an s3:// URL: ignored"; continue; }
    aws s3 cp "$url" "$dir/${name##*/}" --only-show-errors || return 1
  done <<<"$listing"
}

apply_addons() {
  mkdir -p "$ADDONS_DIR/state-store"
  aws s3 sync "s3://$STATE_BUCKET/$ADDONS_PREFIX" "$ADDONS_DIR/state-store" --delete --only-show-errors || return 1
  fetch_parameter_addons || return 1
  render_addons || return 1
  if [[ -z "$(find "$RENDERED_DIR" -type f -print -quit)" ]]; then
    log "no add-ons (s3://$STATE_BUCKET/$ADDONS_PREFIX, $ADDON_PARAMETERS/*)"
    return 0
  fi
  local checksum
  checksum="$(cd "$RENDERED_DIR" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum | sha256sum | cut -d' ' -f1)"
  if [[ "$checksum" == "$(cat "$STATE_DIR/addons.applied" 2>/dev/null)" ]]; then
    return 0
  fi
  kubectl apply -R -f "$RENDERED_DIR" >/dev/null || return 1
  echo "$checksum" >"$STATE_DIR/addons.applied"
  log "applied add-ons $checksum"
}

refresh_join_material() {
  local stamp="$STATE_DIR/join-material.refreshed"
  if [[ -f "$stamp" && -z "$(find "$stamp" -mmin +"$JOIN_REFRESH_MINUTES")" ]]; then
    return 0
  fi
  (umask 077 && mkdir -p "$SECRET_DIR")
  trap 'rm -rf "$SECRET_DIR"' EXIT
  # Secrets only in 0600 files of the tmpfs, never in argv or the log.
  { set +x; } 2>/dev/null
  local -a key_id=()
  [[ -z "${JOIN_MATERIAL_KEY:-}" ]] || key_id=(--key-id "$JOIN_MATERIAL_KEY")
  # A new certificate key per upload: kubeadm re-encrypts the certificates with it.
  (umask 077 && kubeadm certs certificate-key >"$SECRET_DIR/certificate-key") || return 1
  # The version keeps kubeadm from asking dl.k8s.io for the latest release.
  (umask 077 && printf '%s\n' "apiVersion: kubeadm.k8s.io/v1beta4" "kind: InitConfiguration" \
    "certificateKey: $(<"$SECRET_DIR/certificate-key")" "---" "apiVersion: kubeadm.k8s.io/v1beta4" \
    "kind: ClusterConfiguration" "kubernetesVersion: v$KUBERNETES_VERSION" >"$SECRET_DIR/upload-certs.yaml")
  kubeadm init phase upload-certs --upload-certs --skip-certificate-key-print \
    --config "$SECRET_DIR/upload-certs.yaml" --kubeconfig "$KUBECONFIG" >/dev/null || return 1
  aws ssm put-parameter --name "$SSM_PREFIX/join/certificate-key" --type SecureString "${key_id[@]}" \
    --value "file://$SECRET_DIR/certificate-key" --overwrite >/dev/null || return 1
  aws ssm get-parameter --name "$SSM_PREFIX/join/token" --with-decryption \
    --query Parameter.Value --output text >"$SECRET_DIR/previous-token" 2>/dev/null || : >"$SECRET_DIR/previous-token"
  (umask 077 && kubeadm token create --ttl "${JOIN_TOKEN_TTL:-1h0m0s}" --kubeconfig "$KUBECONFIG" >"$SECRET_DIR/token") || return 1
  aws ssm put-parameter --name "$SSM_PREFIX/join/token" --type SecureString "${key_id[@]}" \
    --value "file://$SECRET_DIR/token" --overwrite >/dev/null || return 1
  revoke_old_tokens || log "revoking old bootstrap tokens failed (they expire after ${JOIN_TOKEN_TTL:-1h0m0s})"
  touch "$stamp"
  log "refreshed the join material in $SSM_PREFIX/join/ (new certificate key and token)"
}

# Deletes the node bootstrap tokens other than the one just published and the one it replaced.
# Only token ids (the public half) reach a command line.
revoke_old_tokens() {
  local id keep_new keep_previous
  keep_new="$(cut -d. -f1 <"$SECRET_DIR/token")"
  keep_previous="$(cut -s -d. -f1 <"$SECRET_DIR/previous-token")"
  (umask 077 && kubeadm token list --kubeconfig "$KUBECONFIG" >"$SECRET_DIR/tokens") || return 1
  while read -r id; do
    [[ "$id" == "$keep_new" || "$id" == "$keep_previous" ]] && continue
    kubeadm token delete "$id" --kubeconfig "$KUBECONFIG" >/dev/null || return 1
    log "revoked bootstrap token $id"
  done < <(awk -v group="$NODE_TOKEN_GROUP" 'NR > 1 && $NF == group {split($1, t, "."); print t[1]}' "$SECRET_DIR/tokens")
}

# A kubernetes.io/dockerconfigjson Secret for every private ECR registry named in the applied
# add-ons, refreshed every REFRESH_MINUTES (an ECR token lives 12 h). The password goes through
# 0600 files only, never a command line or the log.
refresh_registry_secret() {
  local stamp="$STATE_DIR/registry-secret.refreshed" registry region auths="" separator=""
  [[ -d "$RENDERED_DIR" ]] || return 0
  local -a registries=()
  mapfile -t registries < <(grep -rhoE '[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?' "$RENDERED_DIR" | LC_ALL=C sort -u)
  ((${#registries[@]} > 0)) || return 0
  if [[ -f "$stamp" && -z "$(find "$stamp" -mmin +"$REFRESH_MINUTES")" ]]; then
    return 0
  fi
  kubectl get namespace "$REGISTRY_NAMESPACE" >/dev/null 2>&1 || return 0 # not applied yet
  (umask 077 && mkdir -p "$SECRET_DIR")
  trap 'rm -rf "$SECRET_DIR"' EXIT
  { set +x; } 2>/dev/null
  for registry in "${registries[@]}"; do
    region="${registry#*.dkr.ecr.}"
    region="${region%%.*}"
    (umask 077 && aws ecr get-login-password --region "$region" >"$SECRET_DIR/ecr-password") || return 1
    auths+="$separator\"$registry\":{\"auth\":\"$(printf 'AWS:%s' "$(<"$SECRET_DIR/ecr-password")" | base64 -w0)\"}"
    separator=","
  done
  (umask 077 && printf '{"auths":{%s}}' "$auths" >"$SECRET_DIR/dockerconfig.json")
  kubectl create secret generic "$REGISTRY_SECRET" --namespace "$REGISTRY_NAMESPACE" \
    --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson="$SECRET_DIR/dockerconfig.json" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null || return 1
  rm -f "$SECRET_DIR/ecr-password" "$SECRET_DIR/dockerconfig.json"
  touch "$stamp"
  log "refreshed the pull secret $REGISTRY_NAMESPACE/$REGISTRY_SECRET for ${registries[*]}"
}

label_nodes() {
  local nodes name provider group
  nodes="$(kubectl get nodes -l '!spotkube.io/labelled' --no-headers \
    -o 'custom-columns=NAME:.metadata.name,PROVIDER:.spec.providerID')" || return 1
  while read -r name provider; do
    [[ "$provider" == aws:///*/i-* ]] || continue
    group="$(aws autoscaling describe-auto-scaling-instances --instance-ids "${provider##*/}" \
      --query 'AutoScalingInstances[0].AutoScalingGroupName' --output text)" || continue
    [[ -n "$group" && "$group" != None ]] || continue
    local -a labels=()
    mapfile -t labels < <(aws autoscaling describe-tags --filters "Name=auto-scaling-group,Values=$group" \
      --query "Tags[?starts_with(Key, '$TEMPLATE_LABEL_TAG')].[Key,Value]" --output text \
      | awk -F'\t' -v prefix="$TEMPLATE_LABEL_TAG" 'NF == 2 {print substr($1, length(prefix) + 1) "=" $2}')
    kubectl label node "$name" --overwrite "${labels[@]}" spotkube.io/labelled=true >/dev/null || continue
    log "labelled $name from $group: ${labels[*]}"
  done <<<"$nodes"
}

main() {
  local status=0 task
  (($# > 0)) || set -- apply registry refresh label
  for task in "$@"; do
    case "$task" in
      apply) apply_addons || { log "applying add-ons failed"; status=1; } ;;
      registry) refresh_registry_secret || { log "refreshing the registry pull secret failed"; status=1; } ;;
      refresh) refresh_join_material || { log "refreshing the join material failed"; status=1; } ;;
      label) label_nodes || { log "labelling nodes failed"; status=1; } ;;
      *) log "unknown task $task (apply, registry, refresh, label)"; return 2 ;;
    esac
  done
  return "$status"
}

main "$@"
