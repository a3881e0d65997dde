package io.spotkube.constructs;

import io.spotkube.contract.KubernetesClusterTag;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.s3.IBucket;

/** The instances' own permissions: what the bootstrap and the add-on timer call (docs/bootstrap.md). */
final class ClusterPermissions {

  private final String clusterName;
  private final String ssmParameterPrefix;

  ClusterPermissions(String clusterName, String ssmParameterPrefix) {
    this.clusterName = clusterName;
    this.ssmParameterPrefix = ssmParameterPrefix;
  }

  /**
   * The control plane: the init lock and join material under the cluster's SSM path, the
   * state store, and the lookups that label nodes from their group's template tags.
   */
  void grantControlPlane(Role role, IBucket stateStore) {
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("ssm:GetParameter", "ssm:GetParametersByPath", "ssm:PutParameter", "ssm:DeleteParameter"))
        .resources(List.of(parameterArn("/*")))
        .build());
    stateStore.grantReadWrite(role);
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("ec2:DescribeInstances", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags"))
        .resources(List.of("*"))
        .build());
    // A control-plane instance whose kubeadm init failed marks itself unhealthy to be replaced.
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("autoscaling:SetInstanceHealth"))
        .resources(List.of(TerminationHandlerQueue.autoScalingGroupArnPattern()))
        .conditions(java.util.Map.of("StringEquals",
            java.util.Map.of("autoscaling:ResourceTag/" + KubernetesClusterTag.key(clusterName), KubernetesClusterTag.OWNED)))
        .build());
    NagSuppressionMetadata.suppressOnPrincipalPolicy(role, "AwsSolutions-IAM5",
        "Describe calls and ecr:GetAuthorizationToken support no resource-level permissions.", "Resource::*");
    NagSuppressionMetadata.suppressOnPrincipalPolicy(role, "AwsSolutions-IAM5",
        "SetInstanceHealth is limited by the condition autoscaling:ResourceTag/kubernetes.io/cluster/<cluster>=owned "
            + "to this cluster's groups, whose names CloudFormation generates.",
        "Resource::" + TerminationHandlerQueue.autoScalingGroupArnPatternForNag());
    NagSuppressionMetadata.suppressOnPrincipalPolicy(role, "AwsSolutions-IAM5",
        "The control plane owns every parameter under its cluster's path (init lock, join material, add-ons).",
        "/^Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter\\/spotkube\\/"
            + clusterName.replace(".", "\\.") + "\\/<[A-Za-z0-9]+>\\/\\*$/");
    NagSuppressionMetadata.suppressOnPrincipalPolicy(role, "AwsSolutions-IAM5",
        "The state store holds the cluster's add-ons; the control plane syncs and writes all of it.",
        "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Action::s3:DeleteObject*",
        "Action::s3:Abort*", "/^Resource::<[A-Za-z0-9]*StateStoreBucket[A-Za-z0-9]*\\.Arn>\\/\\*$/");
  }

  /** Workers read the join token and CA hash only, never the control plane's certificate key. */
  void grantJoin(Role role) {
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("ssm:GetParameter"))
        .resources(List.of(parameterArn("/join/token"), parameterArn("/join/ca-cert-hash")))
        .build());
  }

  private String parameterArn(String suffix) {
    return "arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + ssmParameterPrefix + suffix;
  }
}
