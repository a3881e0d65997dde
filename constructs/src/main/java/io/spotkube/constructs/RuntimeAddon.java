package io.spotkube.constructs;

import io.spotkube.constructs.manifests.RuntimeManifests;
import io.spotkube.contract.RuntimeFlags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The runtime's manifests as an add-on. The YAML (rendered by cdk8s, deterministic) is a file
 * asset; values known only at deploy time (image URI, queue URL, region) stay {@code {{NAME}}}
 * placeholders in it. Two SSM parameters, which CloudFormation keeps current, tell the control
 * plane's add-on timer where the manifest is and what the placeholders are: so a new runtime
 * image or manifest reaches running control-plane instances without replacing them.
 */
final class RuntimeAddon extends Construct {

  static final String MANIFEST_FILE = "spotkube-runtime.yaml";

  private final AddonManifest manifest;

  /** @param nodeRoleNames the node groups' role names, comma-separated (may be a Lazy token) */
  RuntimeAddon(Construct scope, String id, SpotKubernetesClusterProps props, String queueUrl, String ssmPrefix,
      String nodeRoleNames) {
    super(scope, id);
    String imageUri = props.getRuntimeImage().bind(scope);
    // The runtime options are checked there (scanInterval ...), errors naming the cluster.
    String yaml = RuntimeManifests.renderYaml(props.toRuntimeManifestProps("SpotKubernetesCluster", scope.getNode().getPath())
        .clusterName(props.getClusterName())
        .imageUri("{{RUNTIME_IMAGE}}")
        // The runtime's AWS permissions are on the control-plane role only (docs/security.md); one
        // replica per control-plane node at most, since the host network gives each its port.
        .onControlPlane(true)
        .replicas(Math.min(2, props.getControlPlaneCount()))
        .queueUrl("{{QUEUE_URL}}")
        .region("{{AWS_REGION}}")
        .extraArgs(java.util.List.of(RuntimeFlags.arg(RuntimeFlags.CLUSTER_ID, "{{CLUSTER_ID}}")))
        // Workers get their kubelet certificates from the runtime (docs/security.md#node-credentials).
        .nodeCredentialRoleNames("{{NODE_ROLE_NAMES}}")
        .build());
    this.manifest = new AddonManifest(this, MANIFEST_FILE, yaml, ssmPrefix,
        "spotkube: the S3 URL of the runtime's manifest, applied by the control plane's add-on timer");

    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("RUNTIME_IMAGE", imageUri);
    variables.put("QUEUE_URL", queueUrl);
    variables.put("AWS_REGION", Aws.REGION);
    variables.put("CLUSTER_ID", Aws.STACK_ID); // the node groups' ClusterIdTag value
    // The roles whose instances the node-credential server issues kubelet certificates to.
    variables.put("NODE_ROLE_NAMES", nodeRoleNames);
    StringParameter.Builder.create(this, "Variables")
        .parameterName(ssmPrefix + "/addons/variables")
        .description("spotkube: NAME=value lines substituted for {{NAME}} in the add-on manifests")
        .stringValue(variables.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")))
        .tier(ParameterTier.STANDARD)
        .simpleName(false)
        .build();
  }

  /** The control plane reads the manifest (and the parameters, under its SSM path already). */
  void grantRead(IGrantable grantee) {
    manifest.grantRead(grantee);
  }
}
