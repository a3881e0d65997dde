package io.spotkube.constructs;

import software.amazon.awscdk.Token;

/**
 * Eager prop validation with messages that name the construct, the prop, the value and the
 * fix. Unresolved tokens are skipped: their value is known only at deploy time.
 */
final class PropValidation {

  private final String owner;

  PropValidation(String constructType, String path) {
    this.owner = constructType + " " + path;
  }

  /** An error naming the owner and the prop, e.g. {@code DiversifiedSpotNodeGroup Spot: minCapacity ...}. */
  IllegalArgumentException error(String prop, String detail) {
    return new IllegalArgumentException(owner + ": " + prop + " " + detail);
  }

  void requirePresent(String prop, Object value) {
    if (value == null) {
      throw error(prop, "is required");
    }
  }

  /** The one range helper: {@code min <= value <= max}, unless the value is a token. */
  void requireRange(String prop, Number value, long min, long max) {
    if (value == null || Token.isUnresolved(value)) {
      return;
    }
    if (value.doubleValue() < min || value.doubleValue() > max) {
      throw error(prop, "(" + value + ") must be between " + min + " and " + max);
    }
  }

  /** {@code lowerProp <= upperProp}, e.g. minCapacity (5) should be <= maxCapacity (1). */
  void requireOrdered(String lowerProp, Number lower, String upperProp, Number upper) {
    if (lower == null || upper == null || Token.isUnresolved(lower) || Token.isUnresolved(upper)) {
      return;
    }
    if (lower.doubleValue() > upper.doubleValue()) {
      throw error(lowerProp, "(" + lower + ") should be <= " + upperProp + " (" + upper + ")");
    }
  }
}
