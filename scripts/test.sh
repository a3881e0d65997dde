#!/usr/bin/env bash
# The whole test suite: installs its tools (CDK CLI, Python tools), builds and runs every
# module's tests, then the command-line checks: synth twice (byte-identical, empty cdk diff),
# cfn-lint, checkov, the example project that imports the constructs as a dependency, and the
# deployed story (scripts/story.sh). Kubernetes binaries are built into ~/.cache/spotkube once.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_cdk_cli
ensure_python_tools
ensure_nodeadm   # the EKS NodeConfig test runs it
ensure_kubeadm   # the kubeadm configuration test runs it
# Before the Maven tests, not only for the story: the tests on a real control plane
# (NodeCredentialControlPlaneTest, HeadroomPreemptionTest) skip without these binaries.
ensure_kube_server
ensure_debian_command jq jq   # the worker's node-credential.sh, run by the sandbox and control-plane tests
cd "$ROOT"

log "mvn install (unit, construct, bootstrap, runtime and integration tests)"
mvn -B install

log "cdk synth twice: the output must be byte-identical and cdk diff between them empty"
rm -rf cdk.out.first cdk.out
"$CDK" synth --quiet >/dev/null
mv cdk.out cdk.out.first
"$CDK" synth --quiet >/dev/null
diff -r cdk.out.first cdk.out
for template in cdk.out.first/*.template.json; do
  stack="$(basename "$template" .template.json)"
  "$CDK" diff --app cdk.out --template "$template" --fail "$stack" >&2
done
rm -rf cdk.out.first
log "deterministic: two synths are identical"

log "cfn-lint on the synthesized templates"
cfn-lint --ignore-checks W3010 -- cdk.out/*.template.json

# 0 failed checks; the few that cannot apply are skipped on the resource (Metadata.checkov.skip,
# with the reason). --skip-download: offline, no Prisma Cloud guideline lookup.
log "checkov on the synthesized templates"
for template in cdk.out/*.template.json; do
  checkov --framework cloudformation --skip-download --quiet --compact -f "$template"
done

log "examples/existing-vpc: a project of its own that depends on spotkube-constructs"
mvn -B -f examples/existing-vpc/pom.xml verify

log "the deployed story: the tutorial's stack on emulated AWS with a real control plane (test/story)"
"$ROOT/scripts/story.sh"

log "all checks passed"
