package io.spotkube.runtime.model;

import java.util.Map;
import java.util.Objects;

/** What the scale-down needs of a PodDisruptionBudget: whom it covers and how many may go now. */
public record PodDisruptionBudget(String namespace, String name, Map<String, String> selector, int disruptionsAllowed) {

  public PodDisruptionBudget {
    Objects.requireNonNull(namespace, "namespace");
    name = name == null ? "" : name;
    selector = Map.copyOf(selector);
    if (disruptionsAllowed < 0) {
      throw new IllegalArgumentException("disruptionsAllowed must not be negative, was " + disruptionsAllowed);
    }
  }

  /** An empty selector selects every pod of the namespace (policy/v1 semantics). */
  public boolean covers(Pod pod) {
    return pod.namespace().equals(namespace) && Labels.matches(selector, pod.labels());
  }

  public String describe() {
    return name.isEmpty() ? "PDB " + namespace + "/" + selector : "PDB " + namespace + "/" + name;
  }
}
