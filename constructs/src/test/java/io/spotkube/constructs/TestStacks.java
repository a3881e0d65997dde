package io.spotkube.constructs;

import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/** A stack in eu-west-1 with a three-zone VPC, a node role and a node security group. */
final class TestStacks {

  static final String CLUSTER = "spot-kops-cluster";
  static final String TUTORIAL_DENY_LIST = "^?[1-3].*\\..*";

  final App app = new App();
  final Stack stack = new Stack(app, "Test", StackProps.builder()
      .env(Environment.builder().region("eu-west-1").build()).build());
  final Vpc vpc = Vpc.Builder.create(stack, "Vpc")
      .availabilityZones(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"))
      .natGateways(1)
      .restrictDefaultSecurityGroup(false)
      .build();
  final Role nodeRole = Role.Builder.create(stack, "NodeRole").assumedBy(new ServicePrincipal("ec2.amazonaws.com")).build();
  final SecurityGroup nodes = SecurityGroup.Builder.create(stack, "Nodes").vpc(vpc).build();

  TestStacks() {
    Validations.of(vpc).acknowledge(Acknowledgment.builder()
        .id("CloudFormation-Validate::W3010").reason("test zones are named, not looked up").build());
  }

  /** Props with the tutorial's selector flags for {@code baseInstanceType}, 1..5 nodes. */
  DiversifiedSpotNodeGroupProps.Builder tutorialGroup(String baseInstanceType) {
    return DiversifiedSpotNodeGroupProps.builder()
        .clusterName(CLUSTER)
        .vpc(vpc)
        .nodeRole(nodeRole)
        .securityGroup(nodes)
        .baseInstanceType(baseInstanceType)
        .burstSupport(false)
        .denyList(TUTORIAL_DENY_LIST)
        .gpus(0)
        .minCapacity(1)
        .maxCapacity(5);
  }
}
