#!/usr/bin/env bash
# The deployed story (test/story): the tutorial's synthesized stack deployed on emulated AWS (moto
# plus a lifecycle stand-in) with a real control plane (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok, aws-cloud-controller-manager, all built from Go
# modules and cached in ~/.cache/spotkube) and the runtime's real jar. Run by scripts/test.sh;
# alone it needs the jars built (mvn install) first.
#   scripts/story.sh [pytest arguments]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_cdk_cli
ensure_python_tools
ensure_kube_server
ensure_cloud_controller_manager
cd "$ROOT"

story_dir="$(mktemp -d "${TMPDIR:-/tmp}/spotkube-story.XXXXXX")"
kube_dir="$story_dir/kube"
trap 'stop_kube_server "$kube_dir"' EXIT

# The two cloud assemblies: the default app as scripts/synth.sh writes it (deployed first by
# `cdk deploy`), with the runtime image given by URI (there is no Docker engine to build it here;
# the story runs the runtime's jar), and the same app with the story's shorter scale-down times,
# set through the construct's props (the update).
image="123456789012.dkr.ecr.eu-west-1.amazonaws.com/spotkube-runtime:story"
log "synthesizing cdk.out and cdk.out.story"
"$CDK" synth --quiet -c runtimeImageUri="$image" >/dev/null
"$CDK" synth --quiet --output cdk.out.story -c runtimeImageUri="$image" \
  -c scaleDownUnneededTime=30s -c scaleDownDelayAfterAdd=30s >/dev/null

# The runtime's service account is the shipped one (spotkube-system/spotkube-runtime), so the shipped
# RBAC is what authorises it. A kubelet that stops reporting makes its Node NotReady after 20 s.
KUBE_CONTROLLERS=1 KWOK_NODE_SELECTOR="story.spotkube.io/kubelet=running" \
  KUBE_COMPONENT_SERVICE_ACCOUNT="spotkube-system:spotkube-runtime" NODE_MONITOR_GRACE_PERIOD=20s \
  start_kube_server "$kube_dir"

log "the story (logs in $story_dir)"
CDK="$CDK" CDK_WORKDIR="$ROOT" CDK_OUT="$ROOT/cdk.out" CDK_OUT_STORY="$ROOT/cdk.out.story" KUBE_URL="$KUBE_URL" \
  KUBE_ADMIN_TOKEN="$KUBE_ADMIN_TOKEN" KUBE_COMPONENT_TOKEN="$KUBE_COMPONENT_TOKEN" \
  KUBECONFIG="$kube_dir/kubeconfig" KUBECTL="$KUBECTL" AWS_CLOUD_CONTROLLER_MANAGER="$AWS_CLOUD_CONTROLLER_MANAGER" \
  RUNTIME_JAR="$ROOT/runtime/target/spotkube-runtime.jar" STORY_DIR="$story_dir" \
  python -m pytest -q -p no:cacheprovider test/story "$@"
