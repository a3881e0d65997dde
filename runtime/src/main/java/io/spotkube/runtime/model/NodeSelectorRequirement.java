package io.spotkube.runtime.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One term of a required node affinity: {@code key operator values}, as in the Kubernetes API. */
public record NodeSelectorRequirement(String key, String operator, List<String> values) {

  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

  public NodeSelectorRequirement {
    Objects.requireNonNull(key, "key");
    values = values == null ? List.of() : List.copyOf(values);
    if (!OPERATORS.contains(operator)) {
      throw new IllegalArgumentException("operator must be one of In, NotIn, Exists, DoesNotExist, Gt, Lt; was " + operator);
    }
    if ((operator.equals("Gt") || operator.equals("Lt"))) {
      if (values.size() != 1) {
        throw new IllegalArgumentException("operator " + operator + " needs exactly one value");
      }
      try {
        Long.parseLong(values.get(0));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("operator " + operator + " needs an integer value, was " + values.get(0));
      }
    }
  }

  public boolean matches(Map<String, String> labels) {
    String label = labels.get(key);
    return switch (operator) {
      case "In" -> label != null && values.contains(label);
      case "NotIn" -> label == null || !values.contains(label);
      case "Exists" -> label != null;
      case "DoesNotExist" -> label == null;
      case "Gt" -> compare(label) > 0;
      case "Lt" -> compare(label) < 0;
      default -> throw new IllegalStateException(operator);
    };
  }

  /** Gt/Lt on a missing or non-integer label never match, as in the scheduler. */
  private int compare(String label) {
    if (label == null || !isInteger(label)) {
      return 0;
    }
    return Long.compare(Long.parseLong(label), Long.parseLong(values.get(0)));
  }

  private static boolean isInteger(String text) {
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return key + " " + operator + (values.isEmpty() ? "" : " " + values);
  }
}
