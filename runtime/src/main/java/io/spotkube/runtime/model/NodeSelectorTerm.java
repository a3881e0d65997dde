package io.spotkube.runtime.model;

import java.util.List;
import java.util.Map;

/**
 * One term of a required node affinity: every requirement must match. A pod's terms are ORed, as
 * in the Kubernetes API; a term without requirements matches no node (the API's rule).
 */
public record NodeSelectorTerm(List<NodeSelectorRequirement> requirements) {

  public NodeSelectorTerm {
    requirements = List.copyOf(requirements);
  }

  public boolean matches(Map<String, String> labels) {
    if (requirements.isEmpty()) {
      return false;
    }
    for (NodeSelectorRequirement requirement : requirements) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The first requirement the labels fail, or null when the term matches. */
  public NodeSelectorRequirement firstFailing(Map<String, String> labels) {
    for (NodeSelectorRequirement requirement : requirements) {
      if (!requirement.matches(labels)) {
        return requirement;
      }
    }
    return null;
  }
}
