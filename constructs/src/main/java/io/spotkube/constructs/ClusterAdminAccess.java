package io.spotkube.constructs;

import io.spotkube.contract.KubernetesClusterTag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The way into the cluster for people: the first control plane stores a cluster-admin kubeconfig
 * as an SSM SecureString encrypted with this construct's customer-managed key, whose key policy
 * lets only the control-plane role encrypt with it and only the granted principals decrypt it
 * (the account keeps key administration, not use). The API itself is reached through a Session
 * Manager port-forwarding session on a control-plane instance (see docs/tutorial.md).
 */
final class ClusterAdminAccess extends Construct {

  /** The Kubernetes user of the stored kubeconfig, bound to cluster-admin by a ClusterRoleBinding. */
  static final String ADMIN_USER = "spotkube-admin";
  /** Session Manager's document that forwards a local port to a host the instance reaches. */
  static final String PORT_FORWARDING_DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
  /** kOps' control-plane instance tag (value {@code 1}): workers carry the cluster tag too. */
  static final String CONTROL_PLANE_ROLE_TAG = "k8s.io/role/control-plane";
  /** Tag on control-plane instances naming the kubeconfig parameter, for scripts/export-kubeconfig.sh. */
  static final String KUBECONFIG_PARAMETER_TAG = "spotkube.io/admin-kubeconfig-parameter";

  private final String clusterName;
  private final String parameterName;
  private final Key key;

  ClusterAdminAccess(Construct scope, String id, String clusterName, String ssmParameterPrefix) {
    super(scope, id);
    this.clusterName = clusterName;
    this.parameterName = ssmParameterPrefix + "/admin/kubeconfig";
    this.key = ParameterKey.create(this, "spotkube " + clusterName + ": encrypts the cluster-admin kubeconfig in SSM Parameter Store");
  }

  /**
   * The control plane encrypts the kubeconfig it publishes, through SSM, for this parameter only
   * (GenerateDataKey: an advanced-tier parameter is envelope-encrypted).
   */
  void allowPublishing(Role controlPlaneRole) {
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("ControlPlanePublishesTheKubeconfig")
        .principals(List.of(new ArnPrincipal(controlPlaneRole.getRoleArn())))
        .actions(List.of("kms:Encrypt", "kms:GenerateDataKey"))
        .resources(List.of("*"))
        .conditions(throughSsmForTheParameter())
        .build());
  }

  /**
   * What the SSM Agent on a control-plane instance needs to serve Session Manager sessions (AWS's
   * "custom instance profile for Session Manager"): registering, and the session channels. Not
   * AmazonSSMManagedInstanceCore, which also reads every parameter in the account (ssm:GetParameters
   * on *) and runs commands (ec2messages:*), neither of which a port-forwarding session uses.
   */
  void allowSessions(Role controlPlaneRole) {
    controlPlaneRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"))
        .resources(List.of("*"))
        .build());
    NagSuppressionMetadata.suppressOnPrincipalPolicy(controlPlaneRole, "AwsSolutions-IAM5",
        "The SSM Agent's registration and session-channel actions support no resource-level permissions.",
        "Resource::*");
    // The same statement is checkov's CKV_AWS_111 (write on *); every other write of this policy is
    // scoped by resource or by the cluster tag (SpotKubernetesClusterTest checks that).
    CheckovSkipMetadata.skip(controlPlaneRole.getNode().findChild("DefaultPolicy"), "CKV_AWS_111",
        "Only the SSM Agent's registration and session-channel actions are on *: they support no resource-level "
            + "permissions (AWS documents them on *); every other write is scoped by resource or cluster tag.");
  }

  /** Tags the control-plane groups (propagated to their instances) for the grant and the script. */
  void tagControlPlane(List<AutoScalingGroup> groups) {
    for (AutoScalingGroup group : groups) {
      Tags.of(group).add(CONTROL_PLANE_ROLE_TAG, "1");
      Tags.of(group).add(KUBECONFIG_PARAMETER_TAG, parameterName);
    }
  }

  /** See {@link SpotKubernetesCluster#grantClusterAdmin(IGrantable)}. */
  Grant grant(IGrantable grantee) {
    IPrincipal principal = grantee.getGrantPrincipal();
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .principals(List.of(principal))
        .actions(List.of("kms:Decrypt"))
        .resources(List.of("*"))
        .conditions(throughSsmForTheParameter())
        .build());
    Grant grant = allow(grantee, List.of("ssm:GetParameter"), List.of(parameterArn()), Map.of());
    grant = grant.combine(allow(grantee, List.of("kms:Decrypt"), List.of(key.getKeyArn()), throughSsmForTheParameter()));
    grant = grant.combine(allow(grantee, List.of("ssm:StartSession"),
        List.of("arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + "::document/" + PORT_FORWARDING_DOCUMENT), Map.of()));
    Map<String, Map<String, Object>> controlPlaneOnly = new TreeMap<>();
    controlPlaneOnly.put("StringEquals", new TreeMap<String, Object>(Map.of(
        "ssm:resourceTag/" + KubernetesClusterTag.key(clusterName), KubernetesClusterTag.OWNED,
        "ssm:resourceTag/" + CONTROL_PLANE_ROLE_TAG, "1")));
    // Without a document name StartSession opens a shell (SSM-SessionManagerRunShell); with this
    // check that needs a grant on that document, which this one does not give.
    controlPlaneOnly.put("BoolIfExists", Map.<String, Object>of("ssm:SessionDocumentAccessCheck", "true"));
    grant = grant.combine(allow(grantee, List.of("ssm:StartSession"), List.of(controlPlaneInstanceArns()), controlPlaneOnly));
    grant = grant.combine(allow(grantee, List.of("ssm:TerminateSession", "ssm:ResumeSession"),
        List.of(ownSessionsArn()), Map.of()));
    grant = grant.combine(allow(grantee, List.of("ec2:DescribeInstances"), List.of("*"), Map.of()));
    NagSuppressionMetadata.suppressOnPrincipalPolicy(grantee, "AwsSolutions-IAM5",
        "StartSession on instances is limited by ssm:resourceTag conditions to this cluster's control plane "
            + "(kubernetes.io/cluster/<cluster>=owned, k8s.io/role/control-plane=1), whose ids are not known at synth.",
        "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*");
    NagSuppressionMetadata.suppressOnPrincipalPolicy(grantee, "AwsSolutions-IAM5",
        "Session Manager's own pattern: the caller may only terminate or resume sessions it started "
            + "(session ids begin with its aws:userid).",
        "Resource::arn:<AWS::Partition>:ssm:*:*:session/<aws:userid>-*");
    NagSuppressionMetadata.suppressOnPrincipalPolicy(grantee, "AwsSolutions-IAM5",
        "ec2:DescribeInstances supports no resource-level permissions; the kubeconfig script finds a "
            + "control-plane instance by its tags.", "Resource::*");
    return grant;
  }

  private static Grant allow(IGrantable grantee, List<String> actions, List<String> resources,
                             Map<String, Map<String, Object>> conditions) {
    GrantOnPrincipalOptions.Builder options = GrantOnPrincipalOptions.builder()
        .grantee(grantee).actions(actions).resourceArns(resources);
    if (!conditions.isEmpty()) {
      options.conditions(conditions);
    }
    return Grant.addToPrincipal(options.build());
  }

  // SSM encrypts a SecureString with the encryption context PARAMETER_ARN=<its ARN>: the key
  // serves this one parameter, and only through SSM.
  private Map<String, Map<String, Object>> throughSsmForTheParameter() {
    // Sorted maps: the template's key order must not depend on the JVM's hashing.
    return Map.of("StringEquals", new TreeMap<String, Object>(Map.of(
        "kms:ViaService", "ssm." + Aws.REGION + ".amazonaws.com",
        "kms:EncryptionContext:PARAMETER_ARN", parameterArn())));
  }

  private String parameterArn() {
    return "arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + parameterName;
  }

  private static String controlPlaneInstanceArns() {
    return "arn:" + Aws.PARTITION + ":ec2:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":instance/*";
  }

  private static String ownSessionsArn() {
    return "arn:" + Aws.PARTITION + ":ssm:*:*:session/${aws:userid}-*";
  }

  String parameterName() {
    return parameterName;
  }

  Key key() {
    return key;
  }
}
