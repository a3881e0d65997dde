# ---- node-credential.sh: a worker's own kubelet client certificate -------------------------
# Workers do not read the shared bootstrap token: each one asks the runtime's node-credential
# server (on the control plane, through the API load balancer) for a client certificate of its
# own node name, proving who it is with its instance role (protocol v1, docs/bootstrap.md).
readonly NODE_CREDENTIAL_URL="http://$API_ENDPOINT:3988/node-credential/v1"
readonly NODE_KEY="$SECRET_DIR/node.key"
readonly NODE_CSR="$SECRET_DIR/node.csr"
readonly NODE_CERT="$SECRET_DIR/node.crt"
readonly NODE_CA="$SECRET_DIR/node-ca.crt"
readonly NODE_CREDENTIAL_ANSWER="$SECRET_DIR/node-credential.json"
readonly DISCOVERY_KUBECONFIG="$SECRET_DIR/discovery.conf"

# The private key is made here and never leaves the node. -config /dev/null: no image's
# openssl.cnf can add extensions to the request (the server accepts none).
new_node_key_and_csr() {
  (
    umask 077
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$NODE_KEY"
    openssl req -new -key "$NODE_KEY" -config /dev/null -subj "/O=system:nodes/CN=system:node:$NODE_NAME" -out "$NODE_CSR"
  )
}

# One POST; prints the HTTP status (000: no connection), the answer is in NODE_CREDENTIAL_ANSWER.
# The token is an STS GetCallerIdentity URL presigned with the instance role, its x-k8s-aws-id
# header bound to the CSR's SHA-256 (so it vouches for this request only); made anew each attempt
# because it expires after a minute. It and the request only touch 0600 files (jq --rawfile).
post_node_credential_request() {
  local csr_hash
  csr_hash="$(sha256sum "$NODE_CSR" | cut -d' ' -f1)"
  rm -f "$NODE_CREDENTIAL_ANSWER"
  (
    umask 077
    aws eks get-token --cluster-name "$csr_hash" --region "$INSTANCE_REGION" --query status.token --output text \
      | tr -d '\n' >"$SECRET_DIR/sts-token" || { echo 000; exit 0; }
    jq -n --rawfile csr "$NODE_CSR" --rawfile token "$SECRET_DIR/sts-token" '{csr: $csr, token: $token}' \
      >"$SECRET_DIR/node-credential-request.json"
    curl -sS --max-time 30 -o "$NODE_CREDENTIAL_ANSWER" -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary "@$SECRET_DIR/node-credential-request.json" "$NODE_CREDENTIAL_URL" || true
  )
}

node_credential_error() {
  jq -r '.error // empty' "$NODE_CREDENTIAL_ANSWER" 2>/dev/null || true
}

# SHA-256 of a certificate's DER SubjectPublicKeyInfo, as kubeadm's ca-cert-hash.
public_key_hash() {
  echo "sha256:$(openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform der | sha256sum | cut -d' ' -f1)"
}

# The answer travelled over plain HTTP: nothing in it is trusted until it checks out against the
# CA hash from SSM and the node's own key and name.
verify_node_credential() {
  { jq -j '.certificate // empty' "$NODE_CREDENTIAL_ANSWER" >"$NODE_CERT" && jq -j '.ca // empty' "$NODE_CREDENTIAL_ANSWER" >"$NODE_CA"; } \
    || fail "the node-credential server's answer is not the JSON of protocol v1"
  local ca_hash expected
  ca_hash="$(public_key_hash "$NODE_CA" 2>/dev/null)" || fail "the node-credential server's answer holds no CA certificate"
  expected="$(<"$SECRET_DIR/ca-cert-hash")"
  [[ "$ca_hash" == "$expected" ]] \
    || fail "the node-credential server's CA ($ca_hash) is not the cluster's ($expected in $SSM_PREFIX/join/ca-cert-hash): refusing its certificate"
  openssl verify -CAfile "$NODE_CA" "$NODE_CERT" >/dev/null \
    || fail "the node-credential server's certificate is not signed by the cluster CA"
  [[ "$(openssl x509 -in "$NODE_CERT" -noout -pubkey)" == "$(openssl pkey -in "$NODE_KEY" -pubout)" ]] \
    || fail "the node-credential server's certificate is not for this node's key"
  local subject
  subject="$(openssl x509 -in "$NODE_CERT" -noout -subject -nameopt sep_multiline | sed '1d; s/^ *//' | sort | paste -sd, -)"
  [[ "$subject" == "CN=system:node:$NODE_NAME,O=system:nodes" ]] \
    || fail "the node-credential server's certificate names $subject, not system:node:$NODE_NAME in system:nodes"
}

# Asks until answered: the runtime may still be starting when a worker boots (connection refused,
# 503), or be busy (429); as long as the join material wait. 400, 403, 413 will not change.
request_node_credential() {
  local attempt status
  new_node_key_and_csr
  for ((attempt = 1; attempt <= JOIN_WAIT_ATTEMPTS; attempt++)); do
    status="$(post_node_credential_request)"
    case "$status" in
      200)
        verify_node_credential
        log "node credential for $NODE_NAME received from $NODE_CREDENTIAL_URL"
        return 0 ;;
      400 | 403 | 413) fail "the node-credential server refused $NODE_NAME (HTTP $status): $(node_credential_error)" ;;
    esac
    log "no node credential yet (HTTP $status $(node_credential_error)), attempt $attempt/$JOIN_WAIT_ATTEMPTS"
    sleep $((attempt < 4 ? 2 ** attempt : 10))
  done
  fail "no node credential from $NODE_CREDENTIAL_URL after $JOIN_WAIT_ATTEMPTS attempts: is the spotkube runtime up?"
}

# kubeadm file discovery: the kubeconfig's CA is the one checked above, and its client certificate
# becomes the kubelet's bootstrap credential (no bootstrap token); the kubelet then rotates to a
# certificate of its own (selfnodeclient). Tracing off: the key is embedded.
write_discovery_kubeconfig() {
  secrets_begin
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: $CLUSTER_NAME"
    echo "  cluster:"
    echo "    server: https://$API_ENDPOINT:6443"
    echo "    certificate-authority-data: $(base64 -w0 <"$NODE_CA")"
    echo "users:"
    echo "- name: system:node:$NODE_NAME"
    echo "  user:"
    echo "    client-certificate-data: $(base64 -w0 <"$NODE_CERT")"
    echo "    client-key-data: $(base64 -w0 <"$NODE_KEY")"
    echo "contexts:"
    echo "- name: node"
    echo "  context:"
    echo "    cluster: $CLUSTER_NAME"
    echo "    user: system:node:$NODE_NAME"
    echo "current-context: node"
  } >"$DISCOVERY_KUBECONFIG"
  secrets_end
}

write_worker_join_config() {
  {
    echo "apiVersion: kubeadm.k8s.io/v1beta4"
    echo "kind: JoinConfiguration"
    echo "discovery:"
    echo "  file:"
    echo "    kubeConfigPath: $DISCOVERY_KUBECONFIG"
    node_registration_yaml
  } >"$KUBEADM_CONFIG"
}
