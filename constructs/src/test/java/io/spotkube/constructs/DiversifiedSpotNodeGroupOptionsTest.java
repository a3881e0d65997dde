package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;

class DiversifiedSpotNodeGroupOptionsTest {

  @Test
  void oneGroupPerZonePutsEachGroupInOneSubnet() {
    TestStacks stacks = new TestStacks();
    DiversifiedSpotNodeGroup group = new DiversifiedSpotNodeGroup(stacks.stack, "Zonal", stacks.tutorialGroup("m5.large")
        .zonePlacement(ZonePlacement.ONE_GROUP_PER_ZONE)
        .spotAllocationStrategy(SpotAllocationStrategy.CAPACITY_OPTIMIZED)
        .build());
    Template template = Template.fromStack(stacks.stack);

    assertThat(group.getAutoScalingGroups()).hasSize(3);
    template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 3);
    template.resourceCountIs("AWS::EC2::LaunchTemplate", 1);
    template.resourceCountIs("AWS::AutoScaling::LifecycleHook", 6); // terminating + launching per group
    for (int zone = 1; zone <= 3; zone++) {
      template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
          "VPCZoneIdentifier", List.of(Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet" + zone + ".*"))),
          "MixedInstancesPolicy", Map.of("InstancesDistribution", Map.of("SpotAllocationStrategy", "capacity-optimized"))));
    }
  }

  @Test
  void explicitInstanceTypesAreUsedAsGiven() {
    TestStacks stacks = new TestStacks();
    DiversifiedSpotNodeGroup group = new DiversifiedSpotNodeGroup(stacks.stack, "Explicit", DiversifiedSpotNodeGroupProps.builder()
        .clusterName(TestStacks.CLUSTER).vpc(stacks.vpc).nodeRole(stacks.nodeRole).securityGroup(stacks.nodes)
        .instanceTypes(List.of("m6g.large", "m7g.large"))
        .build());

    assertThat(group.getInstanceTypes()).containsExactly("m6g.large", "m7g.large");
    Template.fromStack(stacks.stack).hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MinSize", "0", "MaxSize", "10"));
  }

  @Test
  void armTypesBootTheArmUbuntuImage() {
    TestStacks stacks = new TestStacks();
    new DiversifiedSpotNodeGroup(stacks.stack, "Arm", stacks.tutorialGroup("m6g.large").denyList(null).build());

    Template.fromStack(stacks.stack).hasParameter("*", Map.of(
        "Default", "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"));
  }
}
