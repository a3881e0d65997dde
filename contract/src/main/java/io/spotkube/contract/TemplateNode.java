package io.spotkube.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node of a group as cluster-autoscaler's scale-from-zero tags describe it before one exists:
 * what the constructs mean a group's nodes to be, and what the runtime simulates.
 *
 * @param labels    node labels, sorted by key
 * @param taints    sorted by key; one per key, as the tags are keyed by it
 * @param resources allocatable resources by name ({@link NodeTemplateTags#CPU}, {@code memory} ...) as
 *                  Kubernetes quantities ({@code 1930m}, {@code 6217Mi}, {@code 110}), sorted by name
 */
public record TemplateNode(Map<String, String> labels, List<TemplateTaint> taints, Map<String, String> resources) {

  public TemplateNode {
    labels = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
    resources = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(resources, "resources")));
    List<TemplateTaint> sorted = new ArrayList<>(Objects.requireNonNull(taints, "taints"));
    sorted.sort(Comparator.comparing(TemplateTaint::key));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).key().equals(sorted.get(i - 1).key())) {
        throw new IllegalArgumentException("taints: two taints have the key " + sorted.get(i).key()
            + "; node-template tags hold one taint per key");
      }
    }
    taints = List.copyOf(sorted);
  }
}
