package io.spotkube.constructs;

import io.spotkube.contract.KubernetesClusterTag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the Amazon EBS CSI driver's controller (host network on the control plane, so the
 * control-plane role) calls on AWS: AWS's managed AmazonEBSCSIDriverPolicy, scoped tighter. As
 * there, a volume or snapshot is created only with the request tag {@code ebs.csi.aws.com/cluster=true}
 * (the driver sets it on everything it creates), and attached, detached, modified, re-tagged or
 * deleted only when it carries that tag. Unlike the managed policy (which also accepts any volume
 * with a {@code CSIVolumeName} or PVC-name tag, attaches any volume to any instance, and lets
 * tags be deleted from every volume) every write here also needs this cluster's tag
 * {@code kubernetes.io/cluster/<cluster>=owned} (the driver's {@code --k8s-tag-cluster-id} sets it),
 * so two clusters in one account cannot touch each other's volumes, and volumes attach only to
 * instances carrying that tag. No KMS permission: the default StorageClass encrypts with the
 * account's AWS-managed EBS key, which EC2 uses on the caller's behalf. The statements are a policy
 * of their own ({@code EbsCsiDriverPolicy}), so the role's default policy keeps its size and the
 * driver's rights are one resource to read. See docs/security.md.
 */
final class EbsCsiDriverPermissions {

  /** The driver's own tag on every volume and snapshot it creates. */
  static final String DRIVER_TAG = "ebs.csi.aws.com/cluster";
  static final List<String> DESCRIBE_ACTIONS = List.of("ec2:DescribeAvailabilityZones", "ec2:DescribeInstances",
      "ec2:DescribeSnapshots", "ec2:DescribeTags", "ec2:DescribeVolumes", "ec2:DescribeVolumesModifications");
  static final List<String> VOLUME_WRITE_ACTIONS = List.of("ec2:AttachVolume", "ec2:CreateTags", "ec2:DeleteTags",
      "ec2:DeleteVolume", "ec2:DetachVolume", "ec2:ModifyVolume");
  static final List<String> SNAPSHOT_WRITE_ACTIONS = List.of("ec2:CreateTags", "ec2:DeleteSnapshot", "ec2:DeleteTags");
  static final List<String> ATTACH_ACTIONS = List.of("ec2:AttachVolume", "ec2:DetachVolume");

  private EbsCsiDriverPermissions() {
  }

  static String arn(String resourceType, boolean inAccount) {
    // Snapshot ARNs have no account field (arn:aws:ec2:eu-west-1::snapshot/snap-...): "*" matches the empty one.
    return "arn:" + Aws.PARTITION + ":ec2:" + Aws.REGION + ":" + (inAccount ? Aws.ACCOUNT_ID : "*") + ":" + resourceType + "/*";
  }

  /** Both tags, requested on create ({@code aws:RequestTag}) or carried ({@code aws:ResourceTag}); sorted for a stable synth. */
  static Map<String, Object> tagged(String conditionKey, String clusterName) {
    return Map.of("StringEquals", new TreeMap<>(Map.of(
        conditionKey + "/" + DRIVER_TAG, "true",
        conditionKey + "/" + KubernetesClusterTag.key(clusterName), KubernetesClusterTag.OWNED)));
  }

  /** Attaches the driver's policy to {@code role}, in {@code scope} under the id {@code EbsCsiDriverPolicy}. */
  static Policy grant(Construct scope, IRole role, String clusterName) {
    List<PolicyStatement> statements = new ArrayList<>();
    String volumes = arn("volume", true);
    String snapshots = arn("snapshot", false);
    String instances = arn("instance", true);
    Map<String, Object> requestsTags = tagged("aws:RequestTag", clusterName);
    Map<String, Object> carriesTags = tagged("aws:ResourceTag", clusterName);

    add(statements, DESCRIBE_ACTIONS, List.of("*"), null);
    add(statements, List.of("ec2:CreateVolume"), List.of(volumes), requestsTags);
    // A volume restored from a snapshot: only from this cluster's snapshots.
    add(statements, List.of("ec2:CreateVolume"), List.of(snapshots), carriesTags);
    add(statements, List.of("ec2:CreateSnapshot"), List.of(snapshots), requestsTags);
    add(statements, List.of("ec2:CreateSnapshot"), List.of(volumes), carriesTags);
    // Tags given on create need CreateTags too: only in those create calls, only with the cluster's tag.
    add(statements, List.of("ec2:CreateTags"), List.of(volumes, snapshots), Map.of("StringEquals", new TreeMap<>(Map.of(
        "ec2:CreateAction", List.of("CreateVolume", "CreateSnapshot"),
        "aws:RequestTag/" + KubernetesClusterTag.key(clusterName), KubernetesClusterTag.OWNED))));
    add(statements, VOLUME_WRITE_ACTIONS, List.of(volumes), carriesTags);
    add(statements, SNAPSHOT_WRITE_ACTIONS, List.of(snapshots), carriesTags);
    // Attach and detach authorise the instance as well: the cluster's instances only.
    add(statements, ATTACH_ACTIONS, List.of(instances), Map.of("StringEquals",
        Map.of("aws:ResourceTag/" + KubernetesClusterTag.key(clusterName), KubernetesClusterTag.OWNED)));

    Policy policy = Policy.Builder.create(scope, "EbsCsiDriverPolicy").roles(List.of(role)).statements(statements).build();
    CfnResource resource = (CfnResource) policy.getNode().getDefaultChild();
    NagSuppressionMetadata.suppress(resource, "AwsSolutions-IAM5",
        "Amazon EBS CSI driver: EC2 describe calls support no resource-level permissions.", "Resource::*");
    String why = "Amazon EBS CSI driver: volume, snapshot and instance ids are generated; every write is limited by "
        + "conditions to resources tagged (or created with the tags) " + DRIVER_TAG + "=true and kubernetes.io/cluster/"
        + clusterName + "=owned.";
    NagSuppressionMetadata.suppress(resource, "AwsSolutions-IAM5", why,
        "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:volume/*");
    NagSuppressionMetadata.suppress(resource, "AwsSolutions-IAM5", why,
        "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:*:snapshot/*");
    NagSuppressionMetadata.suppress(resource, "AwsSolutions-IAM5", why,
        "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*");
    return policy;
  }

  private static void add(List<PolicyStatement> statements, List<String> actions, List<String> resources,
      Map<String, Object> conditions) {
    PolicyStatement.Builder statement = PolicyStatement.Builder.create().actions(actions).resources(resources);
    if (conditions != null) {
      statement.conditions(conditions);
    }
    statements.add(statement.build());
  }
}
