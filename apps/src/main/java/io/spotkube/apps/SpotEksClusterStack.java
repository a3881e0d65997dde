package io.spotkube.apps;

import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.OnDemandNodeGroupProps;
import io.spotkube.constructs.RuntimeImage;
import io.spotkube.constructs.ZonePlacement;
import io.spotkube.constructs.eks.SpotEksCluster;
import io.spotkube.constructs.eks.SpotEksClusterProps;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;
import software.amazon.awscdk.services.eks_v2.EndpointAccess;
import software.amazon.awscdk.services.eks_v2.KubernetesVersion;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;

/**
 * The EKS Cluster Autoscaler guide's set-up with spotkube: {@code spot-eks-cluster} on EKS 1.33
 * (private API endpoint), two on-demand nodes for the runtime, the tutorial's two Spot groups
 * with one Auto Scaling group per zone (the guide's advice for {@code --balance-similar-node-groups}),
 * a managed Spot group, and the runtime with the guide's flags ({@code --expander=least-waste
 * --balance-similar-node-groups --skip-nodes-with-system-pods=false --skip-nodes-with-local-storage=false}).
 *
 * <p>The kubectl layer is not in this repository: {@code -c kubectlLayerArn=arn:aws:lambda:...:layer:...}
 * or, without it, the stack parameter {@code KubectlLayerArn} at deploy time (docs/eks.md).
 */
public class SpotEksClusterStack extends Stack {

  public static final String CLUSTER_NAME = "spot-eks-cluster";
  private static final Pattern LAYER_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+");

  private final SpotEksCluster cluster;

  public SpotEksClusterStack(Construct scope, String id, StackProps props, List<String> availabilityZones,
                             RuntimeImage runtimeImage, String kubectlLayerArn) {
    super(scope, id, props);
    this.cluster = new SpotEksCluster(this, "Cluster", SpotEksClusterProps.builder()
        .clusterName(CLUSTER_NAME)
        .version(KubernetesVersion.V1_33)
        .availabilityZones(availabilityZones)
        // The API only inside the VPC; open it with PUBLIC_AND_PRIVATE.onlyFrom(your CIDRs) if you must.
        .endpointAccess(EndpointAccess.PRIVATE)
        .runtimeImage(runtimeImage)
        .kubectlLayer(kubectlLayer(kubectlLayerArn))
        .expander("least-waste")
        .balanceSimilarNodeGroups(true)
        .skipNodesWithSystemPods(false)
        .skipNodesWithLocalStorage(false)
        .build());
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder()
        .instanceTypes(List.of("t3.large"))
        .minCapacity(2)
        .maxCapacity(2)
        .build());
    cluster.addSpotNodeGroup("spot-group-base-4vcpus-16gb", spotGroup("m5.xlarge"));
    cluster.addSpotNodeGroup("spot-group-base-2vcpus-8gb", spotGroup("m5.large"));
    cluster.addManagedSpotNodeGroup("managed-spot-2vcpus-8gb", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m5.large").burstSupport(false).denyList(SpotKopsClusterStack.TUTORIAL_DENY_LIST).gpus(0)
        .minCapacity(0).maxCapacity(5)
        .build());

    CfnOutput.Builder.create(this, "ClusterName").value(CLUSTER_NAME).build();
    CfnOutput.Builder.create(this, "TerminationQueueUrl").value(cluster.getTerminationQueue().getQueueUrl()).build();
    CfnOutput.Builder.create(this, "RuntimeRoleArn").value(cluster.getRuntimeRole().getRoleArn()).build();
  }

  /** Spot groups as the tutorial selects them, one Auto Scaling group per zone as the guide recommends. */
  private static DiversifiedSpotNodeGroupProps spotGroup(String baseInstanceType) {
    return DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType(baseInstanceType)
        .burstSupport(false)
        .denyList(SpotKopsClusterStack.TUTORIAL_DENY_LIST)
        .gpus(0)
        .minCapacity(0)
        .maxCapacity(5)
        .zonePlacement(ZonePlacement.ONE_GROUP_PER_ZONE)
        .spotAllocationStrategy(SpotAllocationStrategy.CAPACITY_OPTIMIZED)
        .build();
  }

  /** The layer from context, or a deploy-time parameter: synth needs neither the layer nor an account. */
  private ILayerVersion kubectlLayer(String arn) {
    if (arn != null) {
      if (!LAYER_ARN.matcher(arn).matches()) {
        throw new IllegalArgumentException("context kubectlLayerArn: '" + arn
            + "' is not a layer version ARN like arn:aws:lambda:eu-west-1:123456789012:layer:kubectl:1");
      }
      return LayerVersion.fromLayerVersionArn(this, "KubectlLayer", arn);
    }
    CfnParameter parameter = CfnParameter.Builder.create(this, "KubectlLayerArn")
        .type("String")
        .allowedPattern(LAYER_ARN.pattern())
        .description("ARN of a Lambda layer version with kubectl (e.g. published from "
            + "software.amazon.awscdk:cdk-lambda-layer-kubectl-v33); docs/eks.md")
        .build();
    return LayerVersion.fromLayerVersionArn(this, "KubectlLayer", parameter.getValueAsString());
  }

  public SpotEksCluster getCluster() {
    return cluster;
  }
}
