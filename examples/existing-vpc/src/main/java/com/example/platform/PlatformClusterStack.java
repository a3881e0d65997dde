package com.example.platform;

import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.NodeTaint;
import io.spotkube.constructs.OnDemandNodeGroupProps;
import io.spotkube.constructs.RuntimeImage;
import io.spotkube.constructs.SpotKubernetesCluster;
import io.spotkube.constructs.SpotKubernetesClusterProps;
import io.spotkube.constructs.TaintEffect;
import io.spotkube.constructs.ZonePlacement;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.constructs.Construct;

/**
 * A cluster in an existing VPC: named by attributes (from context), so synth needs no lookup.
 * One small on-demand group for the runtime and one Spot group, spread one group per zone and
 * tainted so that only workloads that tolerate Spot land there.
 */
public class PlatformClusterStack extends Stack {

  private final SpotKubernetesCluster cluster;

  public PlatformClusterStack(Construct scope, String id, StackProps props) {
    super(scope, id, props);
    IVpc vpc = Vpc.fromVpcAttributes(this, "ExistingVpc", VpcAttributes.builder()
        .vpcId(text("vpcId", "vpc-0a1b2c3d4e5f60718"))
        .availabilityZones(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"))
        .privateSubnetIds(List.of(
            text("privateSubnetA", "subnet-0aaaaaaaaaaaaaaa1"),
            text("privateSubnetB", "subnet-0bbbbbbbbbbbbbbb2"),
            text("privateSubnetC", "subnet-0ccccccccccccccc3")))
        .build());

    cluster = new SpotKubernetesCluster(this, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("platform")
        .vpc(vpc)
        .runtimeImage(RuntimeImage.fromUri(text("runtimeImageUri",
            "111111111111.dkr.ecr.eu-west-1.amazonaws.com/spotkube-runtime:0.1.0")))
        .expander("priority,least-waste")
        .expanderPriorities(Map.of(50, List.of(".*spot.*"), 10, List.of(".*")))
        .build());
    cluster.addOnDemandNodeGroup("system", OnDemandNodeGroupProps.builder()
        .instanceTypes(List.of("m6i.large"))
        .minCapacity(2).maxCapacity(3)
        .build());
    cluster.addSpotNodeGroup("spot-general", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m6i.xlarge").burstSupport(false).gpus(0)
        .zonePlacement(ZonePlacement.ONE_GROUP_PER_ZONE)
        .taints(List.of(NodeTaint.of("spotkube.io/spot", "true", TaintEffect.NO_SCHEDULE)))
        .minCapacity(0).maxCapacity(20)
        .build());
  }

  private String text(String key, String fallback) {
    Object value = getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }

  public SpotKubernetesCluster getCluster() {
    return cluster;
  }
}
