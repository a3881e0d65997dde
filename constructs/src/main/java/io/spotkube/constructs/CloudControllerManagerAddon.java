package io.spotkube.constructs;

import io.spotkube.constructs.manifests.CloudControllerManagerManifests;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * aws-cloud-controller-manager as an add-on (docs/manifests.md): its manifests (cdk8s, the
 * pinned image, the cluster's name; no deploy-time values) shipped like the runtime's, as a file
 * asset named by the SSM parameter {@code <prefix>/addons/aws-cloud-controller-manager.yaml}.
 */
final class CloudControllerManagerAddon extends Construct {

  static final String MANIFEST_FILE = "aws-cloud-controller-manager.yaml";

  private final AddonManifest manifest;

  CloudControllerManagerAddon(Construct scope, String id, String clusterName, String ssmPrefix) {
    super(scope, id);
    this.manifest = new AddonManifest(this, MANIFEST_FILE, CloudControllerManagerManifests.renderYaml(clusterName), ssmPrefix,
        "spotkube: the S3 URL of aws-cloud-controller-manager's manifest, applied by the control plane's add-on timer");
  }

  /** The control plane's add-on timer reads the manifest. */
  void grantRead(IGrantable grantee) {
    manifest.grantRead(grantee);
  }
}
