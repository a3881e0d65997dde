package io.spotkube.constructs;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Writes checkov skips as CloudFormation metadata ({@code checkov.skip: [{id, comment}]}), the
 * format checkov reads on a resource, each with the reason the check does not apply. Like
 * {@link NagSuppressionMetadata}, for findings that have no fix, not instead of one.
 */
public final class CheckovSkipMetadata {

  private static final String KEY = "checkov";

  private CheckovSkipMetadata() {
  }

  /** Skips {@code checkId} on the construct's CloudFormation resource (its default child). */
  public static void skip(IConstruct construct, String checkId, String comment) {
    Map<String, Object> skip = new LinkedHashMap<>();
    skip.put("id", checkId);
    skip.put("comment", comment);
    ResourceMetadata.append((CfnResource) construct.getNode().getDefaultChild(), KEY, "skip", skip);
  }
}
