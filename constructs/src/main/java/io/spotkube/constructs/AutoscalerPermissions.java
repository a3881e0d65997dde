package io.spotkube.constructs;

import io.spotkube.contract.AutoscalerDiscoveryTags;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;

/** What the autoscaler does on AWS, for both control planes' runtimes. */
public final class AutoscalerPermissions {

  private AutoscalerPermissions() {
  }

  /**
   * Grants {@code autoscaling:DescribeAutoScalingGroups}, {@code DescribeAutoScalingInstances},
   * {@code DescribeLaunchConfigurations}, {@code DescribeScalingActivities}, {@code DescribeTags},
   * {@code ec2:DescribeInstanceTypes}, {@code ec2:DescribeLaunchTemplateVersions} (describe calls
   * take no resource-level permissions), and {@code autoscaling:SetDesiredCapacity} and
   * {@code TerminateInstanceInAutoScalingGroup} only on groups tagged
   * {@code k8s.io/cluster-autoscaler/<cluster>=owned}.
   */
  public static Grant grant(IGrantable grantee, String clusterName) {
    Grant grant = Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(grantee)
        .actions(List.of("autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions"))
        .resourceArns(List.of("*"))
        .build());
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(grantee)
        .actions(List.of("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"))
        .resourceArns(List.of(TerminationHandlerQueue.autoScalingGroupArnPattern()))
        .conditions(Map.of("StringEquals",
            Map.of("autoscaling:ResourceTag/" + AutoscalerDiscoveryTags.clusterKey(clusterName), AutoscalerDiscoveryTags.OWNED)))
        .build());
    return grant;
  }

  /**
   * Grants {@code eks:DescribeNodegroup} on the managed node groups of EKS cluster
   * {@code clusterName}: the autoscaler reads their labels and taints to build the templates of
   * groups at zero (EKS does not write them as node-template tags).
   */
  public static Grant grantManagedNodeGroupReads(IGrantable grantee, String clusterName) {
    Grant grant = Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(grantee)
        .actions(List.of("eks:DescribeNodegroup"))
        .resourceArns(List.of(Fn.join("", List.of("arn:", Aws.PARTITION, ":eks:", Aws.REGION, ":", Aws.ACCOUNT_ID,
            ":nodegroup/", clusterName, "/*/*"))))
        .build());
    NagSuppressionMetadata.suppressOnPrincipalPolicy(grantee, "AwsSolutions-IAM5",
        "Read-only, on this cluster's managed node groups: their names and ids are EKS's, unknown at synth.",
        "Resource::arn:<AWS::Partition>:eks:<AWS::Region>:<AWS::AccountId>:nodegroup/" + clusterName + "/*/*");
    return grant;
  }
}
