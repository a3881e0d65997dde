#!/usr/bin/env bash
# shellcheck disable=SC2034,SC2016  # each role uses some of these; values are literal (CDK tokens included)
# spotkube node bootstrap (rendered by io.spotkube.constructs.bootstrap.BootstrapScript).
# Values below are substituted at synth; CloudFormation resolves the tokens among them
# (the API endpoint, bucket name) at deploy. Secrets never appear here: the join
# material is created at boot and kept in SSM Parameter Store SecureStrings.
set -euo pipefail

readonly CLUSTER_NAME='@@CLUSTER_NAME@@'
readonly NODE_ROLE='@@NODE_ROLE@@'
readonly API_ENDPOINT='@@API_ENDPOINT@@'
readonly SSM_PREFIX='@@SSM_PREFIX@@'
readonly STATE_BUCKET='@@STATE_BUCKET@@'
readonly ADDONS_PREFIX='@@ADDONS_PREFIX@@'
readonly CLUSTER_REGION='@@REGION@@'
readonly KUBERNETES_VERSION='@@KUBERNETES_VERSION@@'
readonly KUBERNETES_MINOR='@@KUBERNETES_MINOR@@'
readonly KUBERNETES_PACKAGE_VERSION='@@KUBERNETES_PACKAGE_VERSION@@'
readonly CONTAINERD_SERIES='@@CONTAINERD_SERIES@@'
readonly POD_SUBNET='@@POD_SUBNET@@'
readonly CNI_MANIFEST_URL='@@CNI_MANIFEST_URL@@'
readonly CNI_MANIFEST_SHA256='@@CNI_MANIFEST_SHA256@@'
# Labels the kubelet may set on itself (comma-separated key=value).
readonly KUBELET_NODE_LABELS='@@KUBELET_NODE_LABELS@@'
# Labels under *.kubernetes.io / *.k8s.io the kubelet may not set on itself (NodeRestriction):
# the control plane applies them (see addons.sh, label_nodes).
readonly PRIVILEGED_NODE_LABELS='@@PRIVILEGED_NODE_LABELS@@'
# Taints, one key=value:Effect per comma.
readonly NODE_TAINTS='@@NODE_TAINTS@@'
# NAME=value lines substituted for {{NAME}} in the add-on manifests (control plane only):
# values CloudFormation resolves (image URI, queue URL) that a file asset cannot hold.
readonly ADDON_VARIABLES='@@ADDON_VARIABLES@@'
# Control plane: where the initialising node stores the cluster-admin kubeconfig (SecureString)
# and the KMS key that encrypts it; empty: none is published.
readonly ADMIN_KUBECONFIG_PARAMETER='@@ADMIN_KUBECONFIG_PARAMETER@@'
readonly ADMIN_KUBECONFIG_KEY='@@ADMIN_KUBECONFIG_KEY@@'
# The KMS key of the join material SecureStrings (empty: SSM's AWS-managed key) and the bootstrap
# tokens' lifetime; the etcd backups in the state store (control plane only).
readonly JOIN_MATERIAL_KEY='@@JOIN_MATERIAL_KEY@@'
readonly JOIN_TOKEN_TTL='@@JOIN_TOKEN_TTL@@'
readonly ETCD_BACKUP_PREFIX='@@ETCD_BACKUP_PREFIX@@'
readonly ETCD_BACKUP_INTERVAL_MINUTES='@@ETCD_BACKUP_INTERVAL_MINUTES@@'
readonly ETCD_BACKUPS_KEPT='@@ETCD_BACKUPS_KEPT@@'
# The control plane's timer scripts (addons.sh, etcd-backup.sh), downloaded: embedded they would
# not fit the user data.
readonly ADDONS_SCRIPT_URL='@@ADDONS_SCRIPT_URL@@'
readonly ETCD_BACKUP_SCRIPT_URL='@@ETCD_BACKUP_SCRIPT_URL@@'
