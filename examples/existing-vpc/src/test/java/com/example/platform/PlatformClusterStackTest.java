package com.example.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class PlatformClusterStackTest {

  @Test
  void clusterUsesTheExistingVpcAndOneSpotGroupPerZone() {
    PlatformClusterStack stack = new PlatformClusterStack(new App(), "PlatformCluster", StackProps.builder()
        .env(Environment.builder().account("111111111111").region("eu-west-1").build()).build());
    Template template = Template.fromStack(stack);

    template.resourceCountIs("AWS::EC2::VPC", 0);
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("VpcId", "vpc-0a1b2c3d4e5f60718"));
    // 3 control-plane groups, the system group, 3 zonal Spot groups
    template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 7);
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "VPCZoneIdentifier", List.of("subnet-0aaaaaaaaaaaaaaa1"),
        "MinSize", "0", "MaxSize", "20"));
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("Tags", Match.arrayWith(List.of(Map.of(
        "Key", "k8s.io/cluster-autoscaler/node-template/taint/spotkube.io/spot", "Value", "true:NoSchedule",
        "PropagateAtLaunch", false)))));
    assertEquals(4, stack.getCluster().getNodeGroups().stream().mapToInt(group -> group.getAutoScalingGroups().size()).sum());
    assertTrue(stack.getCluster().getApiEndpoint().startsWith("https://"));
  }
}
