package io.spotkube.runtime.model;

import java.util.List;
import java.util.Objects;

/**
 * One required inter-pod (anti-)affinity term: the pods its selector matches, in its namespaces
 * (empty: the pod's own namespace), counted per domain of {@code topologyKey}
 * ({@code kubernetes.io/hostname}: per node, {@code topology.kubernetes.io/zone}: per zone).
 * {@code namespaceSelector} is not modelled: a term that has one is read as the pod's namespace.
 */
public record PodAffinityTerm(LabelSelector labelSelector, List<String> namespaces, String topologyKey) {

  public PodAffinityTerm {
    labelSelector = labelSelector == null ? LabelSelector.EVERYTHING : labelSelector;
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    Objects.requireNonNull(topologyKey, "topologyKey");
    if (topologyKey.isBlank()) {
      throw new IllegalArgumentException("topologyKey must not be empty");
    }
  }

  /** Whether {@code other} is one of the pods this term (of a pod in {@code ownNamespace}) selects. */
  public boolean selects(String ownNamespace, Pod other) {
    boolean inNamespace = namespaces.isEmpty() ? other.namespace().equals(ownNamespace)
        : namespaces.contains(other.namespace());
    return inNamespace && labelSelector.matches(other.labels());
  }

  @Override
  public String toString() {
    return topologyKey + " " + labelSelector.matchLabels()
        + (labelSelector.matchExpressions().isEmpty() ? "" : " " + labelSelector.matchExpressions());
  }
}
