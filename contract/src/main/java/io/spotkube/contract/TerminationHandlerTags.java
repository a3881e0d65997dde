package io.spotkube.contract;

/**
 * aws-node-termination-handler's managed tag ({@code MANAGED_TAG}, formerly {@code MANAGED_ASG_TAG}):
 * with {@code CHECK_TAG_BEFORE_DRAINING} the handler only drains instances that carry it. kOps and
 * the constructs put it on the group and propagate it to the instances.
 */
public final class TerminationHandlerTags {

  /** The default {@code --managed-tag}. Only the key is checked; the constructs write {@link #MANAGED_VALUE}. */
  public static final String MANAGED = "aws-node-termination-handler/managed";
  public static final String MANAGED_VALUE = "true";

  private TerminationHandlerTags() {
  }
}
