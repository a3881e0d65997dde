package io.spotkube.apps;

import io.spotkube.constructs.DiversifiedSpotNodeGroup;
import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.OnDemandNodeGroup;
import io.spotkube.constructs.OnDemandNodeGroupProps;
import io.spotkube.constructs.RuntimeImage;
import io.spotkube.constructs.SpotKubernetesCluster;
import io.spotkube.constructs.SpotKubernetesClusterProps;
import io.spotkube.constructs.ZonePlacement;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The kOps Spot tutorial's cluster: {@code spot-kops-cluster}, 3 m5.large control-plane
 * instances (one per zone), 2 t3.large on-demand nodes, the two instance-selector Spot groups,
 * queue-mode draining and the autoscaler with the tutorial's flags.
 */
public class SpotKopsClusterStack extends Stack {

  public static final String CLUSTER_NAME = "spot-kops-cluster";
  /** The tutorial's selector flags: {@code --burst-support=false --deny-list '^?[1-3].*\..*' --gpus 0}. */
  public static final String TUTORIAL_DENY_LIST = "^?[1-3].*\\..*";

  private final SpotKubernetesCluster cluster;
  private final OnDemandNodeGroup onDemandNodes;
  private final DiversifiedSpotNodeGroup fourVcpuGroup;
  private final DiversifiedSpotNodeGroup twoVcpuGroup;

  public SpotKopsClusterStack(Construct scope, String id, StackProps props, List<String> availabilityZones,
                              RuntimeImage runtimeImage) {
    this(scope, id, props, availabilityZones, runtimeImage, null, Duration.minutes(2), Duration.minutes(2));
  }

  /**
   * @param adminRoleArn an existing role that may fetch the cluster-admin kubeconfig and open the
   *     Session Manager tunnel to the API; null for none
   * @param scaleDownUnneededTime the autoscaler's --scale-down-unneeded-time (the tutorial's 2m)
   * @param scaleDownDelayAfterAdd the autoscaler's --scale-down-delay-after-add (the tutorial's 2m)
   */
  public SpotKopsClusterStack(Construct scope, String id, StackProps props, List<String> availabilityZones,
                              RuntimeImage runtimeImage, String adminRoleArn, Duration scaleDownUnneededTime,
                              Duration scaleDownDelayAfterAdd) {
    super(scope, id, props);

    this.cluster = new SpotKubernetesCluster(this, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName(CLUSTER_NAME)
        .availabilityZones(availabilityZones)
        .controlPlaneInstanceType("m5.large")
        .controlPlaneCount(3)
        .runtimeImage(runtimeImage)
        .expander("random")
        .balanceSimilarNodeGroups(true)
        .scaleDownEnabled(true)
        .scaleDownUnneededTime(scaleDownUnneededTime)
        .scaleDownDelayAfterAdd(scaleDownDelayAfterAdd)
        .adminRoles(adminRoleArn == null ? List.of() : List.of(Role.fromRoleArn(this, "AdminRole", adminRoleArn)))
        .build());
    // kops create cluster --node-size t3.large --node-count 2: one group per zone, 1 + 1 + 0 nodes.
    this.onDemandNodes = cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder()
        .instanceTypes(List.of("t3.large"))
        .minCapacity(2)
        .maxCapacity(2)
        .zonePlacement(ZonePlacement.ONE_GROUP_ACROSS_ZONES)
        .build());
    this.fourVcpuGroup = cluster.addSpotNodeGroup("spot-group-base-4vcpus-16gb", tutorialSpotGroup("m5.xlarge"));
    this.twoVcpuGroup = cluster.addSpotNodeGroup("spot-group-base-2vcpus-8gb", tutorialSpotGroup("m5.large"));

    CfnOutput.Builder.create(this, "ApiEndpoint").value(cluster.getApiEndpoint()).build();
    CfnOutput.Builder.create(this, "StateStore").value(cluster.getStateStore().getBucketName()).build();
    CfnOutput.Builder.create(this, "TerminationQueueUrl").value(cluster.getTerminationQueue().getQueueUrl()).build();
    CfnOutput.Builder.create(this, "AdminKubeconfigParameter")
        .description("SSM SecureString with the cluster-admin kubeconfig (readable by -c adminRoleArn only)")
        .value(cluster.getAdminKubeconfigParameterName()).build();
    CfnOutput.Builder.create(this, "KubeconfigCommand")
        .description("Run as the admin role: writes the kubeconfig and prints the Session Manager tunnel command")
        .value("scripts/export-kubeconfig.sh " + CLUSTER_NAME + " --region " + Aws.REGION).build();
  }

  /** {@code kops toolbox instance-selector NAME --usage-class spot --cluster-autoscaler --base-instance-type BASE ...}. */
  private static DiversifiedSpotNodeGroupProps tutorialSpotGroup(String baseInstanceType) {
    return DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType(baseInstanceType)
        .burstSupport(false)
        .denyList(TUTORIAL_DENY_LIST)
        .gpus(0)
        .minCapacity(1)
        .maxCapacity(5)
        .spotAllocationStrategy(SpotAllocationStrategy.CAPACITY_OPTIMIZED)
        .build();
  }

  public SpotKubernetesCluster getCluster() {
    return cluster;
  }

  public OnDemandNodeGroup getOnDemandNodes() {
    return onDemandNodes;
  }

  public DiversifiedSpotNodeGroup getFourVcpuGroup() {
    return fourVcpuGroup;
  }

  public DiversifiedSpotNodeGroup getTwoVcpuGroup() {
    return twoVcpuGroup;
  }
}
