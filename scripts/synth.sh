#!/usr/bin/env bash
# The main job: synthesize the example cluster app offline (no AWS account, no credentials).
# Usage: scripts/synth.sh [extra cdk synth arguments, e.g. -c region=us-east-1]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_cdk_cli
build_jars
cd "$ROOT"
log "cdk synth"
"$CDK" synth --quiet "$@" >&2
for template in "$ROOT"/cdk.out/*.template.json; do
  echo "template: ${template#"$ROOT"/}"
done
