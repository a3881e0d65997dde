package io.spotkube.constructs.eks;

import io.spotkube.constructs.manifests.RuntimeManifests;
import io.spotkube.constructs.manifests.RuntimeManifestsProps;
import org.cdk8s.App;
import org.cdk8s.plus25.ServiceAccount;
import software.amazon.awscdk.services.eks_v2.ICluster;
import software.amazon.awscdk.services.eks_v2.KubernetesManifest;
import software.constructs.Construct;

/**
 * The runtime's cdk8s chart applied to an EKS cluster with {@code addCdk8sChart} (the kubectl
 * provider's custom resource), after its identity exists: Pod Identity and IRSA credentials are
 * injected when a pod is created, so a pod started before the association would have none.
 */
final class RuntimeChart {

  private RuntimeChart() {
  }

  static KubernetesManifest apply(Construct scope, ICluster cluster, RuntimeManifestsProps props, EksRuntimeIdentity identity) {
    // A cdk8s app of its own: the chart's objects are rendered into the CloudFormation template,
    // with the deploy-time values (image, queue URL, region) as tokens that resolve there.
    RuntimeManifests chart = new RuntimeManifests(new App(), RuntimeManifests.NAME, props);
    identity.annotate((ServiceAccount) chart.getNode().findChild("service-account"));
    KubernetesManifest manifest = cluster.addCdk8sChart("RuntimeManifests", chart);
    identity.prerequisites().forEach(prerequisite -> manifest.getNode().addDependency(prerequisite));
    return manifest;
  }
}
