package io.spotkube.constructs;

import io.spotkube.contract.AutoscalerDiscoveryTags;
import java.util.List;
import java.util.Map;
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
}
