package io.spotkube.runtime.identity;

import java.util.Objects;

/**
 * What the node identity check concluded about one node.
 *
 * @param reason why it is not verified; empty when it is
 */
public record IdentityVerdict(Status status, String reason) {

  public enum Status {
    /** EC2 vouches for the node: it may be labelled, counted and its instance terminated. */
    VERIFIED,
    /** Not yet decidable (no provider ID or InternalIP yet, instance not running, EC2 not answering): asked again. */
    PENDING,
    /** The node claims an instance that is not its own, or not this cluster's: a Warning Event, a metric, a log. */
    REFUSED
  }

  public static final IdentityVerdict VERIFIED = new IdentityVerdict(Status.VERIFIED, "");

  public IdentityVerdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  public static IdentityVerdict pending(String reason) {
    return new IdentityVerdict(Status.PENDING, reason);
  }

  public static IdentityVerdict refused(String reason) {
    return new IdentityVerdict(Status.REFUSED, reason);
  }

  public boolean verified() {
    return status == Status.VERIFIED;
  }
}
