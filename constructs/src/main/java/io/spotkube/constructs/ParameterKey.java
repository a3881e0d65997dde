package io.spotkube.constructs;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * A customer-managed key for some of the cluster's SSM SecureStrings (the admin kubeconfig, the
 * join material): rotated, deleted with the stack (a leftover parameter is worth nothing without
 * its cluster, and unreadable then), and administered by the account without the right to use it.
 * Its users get their rights from the construct that owns it, for their parameters only.
 */
final class ParameterKey {

  // Administration without use: no Encrypt/Decrypt/GenerateDataKey/ReEncrypt, and no CreateGrant
  // (a grant would hand out use). Put* (PutKeyPolicy) stays: KMS refuses a policy that locks its
  // creator out, and it is how an administrator would widen access, visibly, in CloudTrail.
  static final List<String> KEY_ADMINISTRATION = List.of(
      "kms:CreateAlias", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
      "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
      "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand");

  private ParameterKey() {
  }

  /** The key {@code Key} under {@code scope}, with {@code description}. */
  static Key create(Construct scope, String description) {
    return Key.Builder.create(scope, "Key")
        .description(description)
        .enableKeyRotation(true)
        .removalPolicy(RemovalPolicy.DESTROY)
        .pendingWindow(Duration.days(7))
        .policy(PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
            .sid("KeyAdministrationWithoutUse")
            .principals(List.of(new AccountRootPrincipal()))
            .actions(KEY_ADMINISTRATION)
            .resources(List.of("*"))
            .build())).build())
        .build();
  }
}
