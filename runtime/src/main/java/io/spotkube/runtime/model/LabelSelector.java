package io.spotkube.runtime.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Kubernetes label selector: {@code matchLabels} and {@code matchExpressions}, all of which must
 * match. The expressions reuse {@link NodeSelectorRequirement}'s matching, limited to the label
 * selector's operators (In, NotIn, Exists, DoesNotExist).
 */
public record LabelSelector(Map<String, String> matchLabels, List<NodeSelectorRequirement> matchExpressions) {

  // Before the constants below: their constructor reads it.
  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());
  /**
   * Selects no pod: what the API means by a missing selector. No label has an empty key, so the
   * expression never holds.
   */
  public static final LabelSelector NOTHING = new LabelSelector(Map.of(),
      List.of(new NodeSelectorRequirement("", "Exists", List.of())));

  public LabelSelector {
    matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    for (NodeSelectorRequirement expression : matchExpressions) {
      Objects.requireNonNull(expression, "matchExpressions");
      if (!OPERATORS.contains(expression.operator())) {
        throw new IllegalArgumentException("a label selector's operator must be one of In, NotIn, Exists, DoesNotExist; was "
            + expression.operator());
      }
    }
  }

  /** Equality-based only, as the older parts of the API write it. */
  public static LabelSelector of(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, List.of());
  }

  /** True when every label and expression matches (an empty selector matches everything). */
  public boolean matches(Map<String, String> labels) {
    if (!Labels.matches(matchLabels, labels)) {
      return false;
    }
    for (NodeSelectorRequirement expression : matchExpressions) {
      if (!expression.matches(labels)) {
        return false;
      }
    }
    return true;
  }
}
