package io.spotkube.constructs.eks;

import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.OnDemandNodeGroupProps;
import io.spotkube.constructs.RuntimeImage;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.eks_v2.EndpointAccess;
import software.amazon.awscdk.services.eks_v2.KubernetesVersion;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;

/** A stack in eu-west-1 with a stand-in kubectl layer (an imported ARN: synth needs no layer contents). */
final class EksTestStacks {

  static final String CLUSTER = "spot-eks-cluster";
  static final String STAND_IN_LAYER_ARN = "arn:aws:lambda:eu-west-1:123456789012:layer:kubectl-stand-in:1";

  private static SynthesizedTemplate guide;

  final App app = new App();
  final Stack stack = new Stack(app, "Test", StackProps.builder()
      .env(Environment.builder().region("eu-west-1").build()).build());
  final ILayerVersion kubectlLayer = LayerVersion.fromLayerVersionArn(stack, "KubectlLayer", STAND_IN_LAYER_ARN);

  SpotEksClusterProps.Builder props() {
    return SpotEksClusterProps.builder()
        .clusterName(CLUSTER)
        .version(KubernetesVersion.V1_33)
        .endpointAccess(EndpointAccess.PRIVATE)
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .kubectlLayer(kubectlLayer);
  }

  /** The guide's cluster synthesized once per test JVM (a synth takes most of a minute here). */
  static synchronized SynthesizedTemplate guideTemplate() {
    if (guide == null) {
      EksTestStacks stacks = new EksTestStacks();
      stacks.guideCluster(stacks.props().build());
      guide = new SynthesizedTemplate(software.amazon.awscdk.assertions.Template.fromStack(stacks.stack).toJSON());
    }
    return guide;
  }

  /** The guide's cluster: on-demand nodes for the runtime, a Spot group per zone, a managed Spot group. */
  SpotEksCluster guideCluster(SpotEksClusterProps props) {
    SpotEksCluster cluster = new SpotEksCluster(stack, "Cluster", props);
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().instanceTypes(List.of("m5.large"))
        .minCapacity(2).maxCapacity(2).build());
    cluster.addSpotNodeGroup("spot-2vcpus-8gb", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m5.large").burstSupport(false).denyList("^?[1-3].*\\..*").gpus(0)
        .minCapacity(0).maxCapacity(5)
        .zonePlacement(io.spotkube.constructs.ZonePlacement.ONE_GROUP_PER_ZONE)
        .build());
    cluster.addManagedSpotNodeGroup("managed-spot", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m5.xlarge").burstSupport(false).denyList("^?[1-3].*\\..*").gpus(0)
        .minCapacity(0).maxCapacity(5)
        .build());
    return cluster;
  }
}
