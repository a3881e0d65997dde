package io.spotkube.constructs;

import io.spotkube.constructs.manifests.EbsCsiDriverManifests;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The Amazon EBS CSI driver as an add-on (docs/manifests.md), as kOps installs it by default: its
 * manifests (cdk8s, pinned images, the cluster's name; no deploy-time values) shipped like the cloud
 * controller manager's, as a file asset named by the SSM parameter
 * {@code <prefix>/addons/aws-ebs-csi-driver.yaml}. Its AWS permissions: {@link EbsCsiDriverPermissions}.
 */
final class EbsCsiDriverAddon extends Construct {

  static final String MANIFEST_FILE = "aws-ebs-csi-driver.yaml";

  private final AddonManifest manifest;

  /** @param controllerReplicas one per control-plane instance at most (the controller is in the host network) */
  EbsCsiDriverAddon(Construct scope, String id, String clusterName, int controllerReplicas, String ssmPrefix) {
    super(scope, id);
    this.manifest = new AddonManifest(this, MANIFEST_FILE, EbsCsiDriverManifests.renderYaml(clusterName, controllerReplicas),
        ssmPrefix, "spotkube: the S3 URL of the Amazon EBS CSI driver's manifest, applied by the control plane's add-on timer");
  }

  /** The control plane's add-on timer reads the manifest. */
  void grantRead(IGrantable grantee) {
    manifest.grantRead(grantee);
  }
}
