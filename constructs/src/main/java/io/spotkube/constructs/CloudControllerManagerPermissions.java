package io.spotkube.constructs;

import io.spotkube.contract.KubernetesClusterTag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;

/**
 * What aws-cloud-controller-manager (host network on the control plane, so the control-plane
 * role) calls on AWS: the control-plane policy of cloud-provider-aws' docs/prerequisites.md
 * (v1.33.4), less what that release never calls with our flags (volumes, routes, kms, regions,
 * Auto Scaling) plus the target-group attribute calls its NLB code makes. Every write is limited
 * to resources carrying (or, on create, requesting) the tag {@code kubernetes.io/cluster/<cluster>=owned},
 * which the provider puts on everything it creates; describe calls take no resource-level
 * permissions. See docs/bootstrap.md.
 */
final class CloudControllerManagerPermissions {

  static final List<String> DESCRIBE_ACTIONS = List.of(
      "ec2:DescribeAvailabilityZones", "ec2:DescribeInstances", "ec2:DescribeInstanceTopology",
      "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
      "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth");
  /** Classic and network load balancers, target groups, listeners: created with the cluster tag. */
  static final List<String> LOAD_BALANCER_CREATE_ACTIONS = List.of(
      "elasticloadbalancing:CreateListener", "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup");
  static final List<String> LOAD_BALANCER_WRITE_ACTIONS = List.of(
      "elasticloadbalancing:AddTags", "elasticloadbalancing:ApplySecurityGroupsToLoadBalancer",
      "elasticloadbalancing:AttachLoadBalancerToSubnets", "elasticloadbalancing:ConfigureHealthCheck",
      "elasticloadbalancing:CreateLoadBalancerListeners", "elasticloadbalancing:CreateLoadBalancerPolicy",
      "elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteLoadBalancer",
      "elasticloadbalancing:DeleteLoadBalancerListeners", "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:DeregisterInstancesFromLoadBalancer", "elasticloadbalancing:DeregisterTargets",
      "elasticloadbalancing:DetachLoadBalancerFromSubnets", "elasticloadbalancing:ModifyListener",
      "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
      "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer",
      "elasticloadbalancing:SetLoadBalancerPoliciesOfListener");
  /** The load balancers' security groups, and the node group's (tagged by the cluster) it opens to them. */
  static final List<String> SECURITY_GROUP_WRITE_ACTIONS = List.of(
      "ec2:AuthorizeSecurityGroupIngress", "ec2:DeleteSecurityGroup", "ec2:RevokeSecurityGroupIngress");

  private CloudControllerManagerPermissions() {
  }

  static void grant(Role role, String clusterName, IVpc vpc) {
    String tagKey = KubernetesClusterTag.key(clusterName);
    Map<String, Object> requestsTag = Map.of("StringEquals", Map.of("aws:RequestTag/" + tagKey, KubernetesClusterTag.OWNED));
    Map<String, Object> carriesTag = Map.of("StringEquals", Map.of("aws:ResourceTag/" + tagKey, KubernetesClusterTag.OWNED));
    String securityGroups = "arn:" + Aws.PARTITION + ":ec2:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":security-group/*";

    add(role, DESCRIBE_ACTIONS, List.of("*"), null);
    add(role, LOAD_BALANCER_CREATE_ACTIONS, List.of("*"), requestsTag);
    // Tags given on create need AddTags too: only in that create call, only with the cluster tag.
    // Sorted maps: a multi-entry Map.of iterates in a different order in another JVM, and synth must not.
    add(role, List.of("elasticloadbalancing:AddTags"), List.of("*"), Map.of("StringEquals", new TreeMap<>(Map.of(
        "elasticloadbalancing:CreateAction", LOAD_BALANCER_CREATE_ACTIONS.stream().map(a -> a.substring(a.indexOf(':') + 1)).toList(),
        "aws:RequestTag/" + tagKey, KubernetesClusterTag.OWNED))));
    add(role, LOAD_BALANCER_WRITE_ACTIONS, List.of("*"), carriesTag);
    // CreateSecurityGroup authorises the new group (tagged on create) and the VPC (no tag conditions): ours only.
    add(role, List.of("ec2:CreateSecurityGroup"), List.of(securityGroups), requestsTag);
    add(role, List.of("ec2:CreateSecurityGroup"), List.of("arn:" + Aws.PARTITION + ":ec2:" + Aws.REGION + ":"
        + Aws.ACCOUNT_ID + ":vpc/" + vpc.getVpcId()), null);
    add(role, List.of("ec2:CreateTags"), List.of(securityGroups), Map.of("StringEquals", new TreeMap<>(Map.of(
        "ec2:CreateAction", "CreateSecurityGroup", "aws:RequestTag/" + tagKey, KubernetesClusterTag.OWNED))));
    add(role, SECURITY_GROUP_WRITE_ACTIONS, List.of(securityGroups), carriesTag);
    // Elastic Load Balancing creates its service-linked role with the account's first load balancer.
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("iam:CreateServiceLinkedRole"))
        .resources(List.of("arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID
            + ":role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"))
        .conditions(Map.of("StringEquals", Map.of("iam:AWSServiceName", "elasticloadbalancing.amazonaws.com")))
        .build());

    NagSuppressionMetadata.suppressOnPrincipalPolicy(role, "AwsSolutions-IAM5",
        "aws-cloud-controller-manager: EC2 and ELB describe calls support no resource-level permissions; its load balancer "
            + "writes are limited by conditions to resources tagged (or created with the tag) kubernetes.io/cluster/"
            + clusterName + "=owned, whose names it generates.",
        "Resource::*");
    NagSuppressionMetadata.suppressOnPrincipalPolicy(role, "AwsSolutions-IAM5",
        "aws-cloud-controller-manager: security-group writes are limited by conditions to groups tagged (or created with "
            + "the tag) kubernetes.io/cluster/" + clusterName + "=owned; their ids are generated.",
        "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:security-group/*");
  }

  private static void add(Role role, List<String> actions, List<String> resources, Map<String, Object> conditions) {
    PolicyStatement.Builder statement = PolicyStatement.Builder.create().actions(actions).resources(resources);
    if (conditions != null) {
      statement.conditions(conditions);
    }
    role.addToPrincipalPolicy(statement.build());
  }
}
