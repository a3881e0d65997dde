package io.spotkube.runtime.model;

/**
 * A pod toleration with Kubernetes' matching rules: an empty key with {@code Exists} tolerates every
 * taint, an empty effect matches every effect, {@code Equal} (the default) compares values.
 */
public record Toleration(String key, String operator, String value, String effect) {

  public Toleration {
    key = key == null ? "" : key;
    operator = operator == null || operator.isEmpty() ? "Equal" : operator;
    value = value == null ? "" : value;
    effect = effect == null ? "" : effect;
    if (!operator.equals("Equal") && !operator.equals("Exists")) {
      throw new IllegalArgumentException("toleration operator must be Equal or Exists, was " + operator);
    }
  }

  public boolean tolerates(Taint taint) {
    if (!effect.isEmpty() && !effect.equals(taint.effect())) {
      return false;
    }
    if (operator.equals("Exists")) {
      return key.isEmpty() || key.equals(taint.key());
    }
    return key.equals(taint.key()) && value.equals(taint.value());
  }
}
