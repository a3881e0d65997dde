package io.spotkube.constructs.eks;

import io.spotkube.constructs.CheckovSkipMetadata;
import io.spotkube.constructs.NagSuppressionMetadata;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.IConstruct;

/**
 * The cdk-nag findings of the EKS parts that have no fix here, each with why it does not apply:
 * AWS managed policies that EKS documents for its roles, and the kubectl provider that aws-cdk-lib
 * writes (its Lambda runtime and roles are aws-cdk-lib's, not settable through eks_v2's props); the checkov
 * and cfn-lint findings of the same provider.
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

  private static void lambda(CfnResource function) {
    NagSuppressionMetadata.suppress(function, "AwsSolutions-L1",
        "aws-cdk-lib's kubectl provider pins the runtime its bundled handler is written and tested for.");
    IConstruct owner = function.getNode().getScope();
    CheckovSkipMetadata.skip(owner, "CKV_AWS_116", "Invoked synchronously (CloudFormation and the provider framework "
        + "wait for the answer, which reports failures); a dead-letter queue only receives failed asynchronous events.");
    CheckovSkipMetadata.skip(owner, "CKV_AWS_115", "Reserved concurrency would come out of the account's unreserved "
        + "pool (accounts with a low limit could not deploy); the function runs only during stack operations.");
    CheckovSkipMetadata.skip(owner, "CKV_AWS_173", "Its environment holds no secrets (aws-cdk-lib's settings such as "
        + "paths and the STS endpoint mode); Lambda encrypts it at rest with its service key.");
    // aws-cdk-lib makes the function depend on its role and the VPC's routes explicitly, some of which it also
    // references (cfn-lint W3005, redundant DependsOn): harmless, and not ours to remove.
    function.addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of("W3005"))));
  }

  /**
   * The cluster waits for the whole VPC (routes, NAT gateways), as aws-cdk-lib writes it, which lists
   * the subnets it also references (cfn-lint W3005, redundant DependsOn); the rest is needed, so it stays.
   */
  static void clusterDependsOnTheVpc(CfnResource cluster) {
    cluster.addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of("W3005"))));
  }

  /** aws-cdk-lib's kubectl provider (handler Lambda, provider framework): the runtime chart goes through it. */
  static void kubectlProvider(IConstruct provider) {
    for (IConstruct child : provider.getNode().findAll()) {
      if (!(child instanceof CfnResource resource)) {
        continue;
      }
      switch (resource.getCfnResourceType()) {
        case "AWS::Lambda::Function" -> lambda(resource);
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
