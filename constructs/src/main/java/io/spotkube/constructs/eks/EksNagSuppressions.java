package io.spotkube.constructs.eks;

import io.spotkube.constructs.NagSuppressionMetadata;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.IConstruct;

/**
 * The cdk-nag findings of the EKS parts that have no fix here, each with why it does not apply:
 * AWS managed policies that EKS documents for its roles, and the kubectl provider that aws-cdk-lib
 * writes (its Lambda runtime and roles are aws-cdk-lib's, not settable through eks_v2's props).
 */
final class EksNagSuppressions {

  private static final String WORKER_POLICIES = "AmazonEKSWorkerNodePolicy|AmazonEC2ContainerRegistryPullOnly"
      + "|AmazonEC2ContainerRegistryReadOnly|AmazonEKS_CNI_Policy";

  private EksNagSuppressions() {
  }

  /** Self-managed and managed node roles: the worker policies EKS documents for nodes. */
  static void nodeRole(IRole role) {
    NagSuppressionMetadata.suppress((CfnResource) role.getNode().getDefaultChild(), "AwsSolutions-IAM4",
        "The worker policies EKS documents for nodes (AmazonEKSWorkerNodePolicy, an ECR pull policy, "
            + "AmazonEKS_CNI_Policy): AWS keeps them current with what the kubelet and the VPC CNI call.",
        "/^Policy::arn:<AWS::Partition>:iam::aws:policy/(" + WORKER_POLICIES + ")$/");
  }

  /** The control plane's service role: AmazonEKSClusterPolicy is the policy EKS requires of it. */
  static void clusterRole(IRole role) {
    NagSuppressionMetadata.suppress((CfnResource) role.getNode().getDefaultChild(), "AwsSolutions-IAM4",
        "AmazonEKSClusterPolicy is the policy EKS documents for the cluster's service role; AWS keeps it current.",
        "Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKSClusterPolicy");
  }

  /** aws-cdk-lib's kubectl provider (handler Lambda, provider framework): the runtime chart goes through it. */
  static void kubectlProvider(IConstruct provider) {
    for (IConstruct child : provider.getNode().findAll()) {
      if (!(child instanceof CfnResource resource)) {
        continue;
      }
      switch (resource.getCfnResourceType()) {
        case "AWS::Lambda::Function" -> NagSuppressionMetadata.suppress(resource, "AwsSolutions-L1",
            "aws-cdk-lib's kubectl provider pins the runtime its bundled handler is written and tested for.");
        case "AWS::IAM::Role" -> NagSuppressionMetadata.suppress(resource, "AwsSolutions-IAM4",
            "aws-cdk-lib's kubectl provider roles: Lambda execution (logs, VPC interfaces) and ECR read for its "
                + "kubectl layer, as aws-cdk-lib writes them.",
            "/^Policy::arn:<AWS::Partition>:iam::aws:policy/(service-role/AWSLambdaBasicExecutionRole"
                + "|service-role/AWSLambdaVPCAccessExecutionRole|AmazonEC2ContainerRegistryReadOnly)$/",
            "/^Policy::.*AmazonElasticContainerRegistryPublicReadOnly.*$/");
        case "AWS::IAM::Policy" -> NagSuppressionMetadata.suppress(resource, "AwsSolutions-IAM5",
            "The provider framework invokes every version of the kubectl handler (<handler ARN>:*), as aws-cdk-lib writes it.",
            "/^Resource::<.*KubectlProviderHandler.*\\.Arn>:\\*$/");
        default -> {
        }
      }
    }
  }
}
