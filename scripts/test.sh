#!/usr/bin/env bash
# The whole test suite: installs its tools (CDK CLI, Python tools), builds and runs every
# module's tests, then the command-line checks (synth twice, byte-identical; cfn-lint).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_cdk_cli
ensure_python_tools
cd "$ROOT"

log "mvn verify (unit, construct and integration tests)"
mvn -B verify

log "cdk synth twice: the output must be byte-identical"
rm -rf cdk.out.first cdk.out
"$CDK" synth --quiet >/dev/null
mv cdk.out cdk.out.first
"$CDK" synth --quiet >/dev/null
diff -r cdk.out.first cdk.out
rm -rf cdk.out.first
log "deterministic: two synths are identical"

log "cfn-lint on the synthesized templates"
cfn-lint --ignore-checks W3010 -- cdk.out/*.template.json
log "all checks passed"
