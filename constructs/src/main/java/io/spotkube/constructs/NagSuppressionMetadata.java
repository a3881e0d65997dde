package io.spotkube.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.IConstruct;

/**
 * Writes cdk-nag suppressions as CloudFormation metadata ({@code cdk_nag.rules_to_suppress}),
 * the format cdk-nag reads, so users who run cdk-nag get our reasons without this library
 * depending on cdk-nag. Every suppression carries the reason the finding does not apply.
 */
public final class NagSuppressionMetadata {

  private static final String KEY = "cdk_nag";

  private NagSuppressionMetadata() {
  }

  /** Suppresses {@code ruleId} on {@code resource}, with the reason (and the findings it applies to). */
  public static void suppress(CfnResource resource, String ruleId, String reason, String... appliesTo) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", ruleId);
    rule.put("reason", reason);
    if (appliesTo.length > 0) {
      List<Object> findings = new ArrayList<>();
      for (String finding : appliesTo) {
        // A finding written as a /regex/ matches findings whose text holds tokens (logical ids).
        findings.add(finding.startsWith("/") && finding.endsWith("/") && finding.length() > 1
            ? Map.of("regex", finding) : finding);
      }
      rule.put("applies_to", findings);
    }
    ResourceMetadata.append(resource, KEY, "rules_to_suppress", rule);
  }

  /**
   * Suppresses on the policy that a grant wrote to a role of this app, created or imported;
   * other principals (service principals, other accounts) have no policy here to annotate.
   */
  public static void suppressOnPrincipalPolicy(IGrantable grantee, String ruleId, String reason, String... appliesTo) {
    if (!(grantee.getGrantPrincipal() instanceof IConstruct principal)) {
      return;
    }
    // A Role's grants go to its DefaultPolicy; an imported role's (Role.fromRoleArn) to its Policy.
    IConstruct policy = principal.getNode().tryFindChild(principal instanceof Role ? "DefaultPolicy" : "Policy");
    if (policy != null && policy.getNode().getDefaultChild() instanceof CfnResource resource) {
      suppress(resource, ruleId, reason, appliesTo);
    }
  }
}
