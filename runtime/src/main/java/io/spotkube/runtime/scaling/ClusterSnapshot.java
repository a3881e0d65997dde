package io.spotkube.runtime.scaling;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Everything one decision looks at: the input of {@code plan} and of each controller loop. */
public record ClusterSnapshot(
    AutoscalingOptions options,
    List<NodeGroup> nodeGroups,
    List<Node> nodes,
    List<Pod> pods,
    List<PodDisruptionBudget> podDisruptionBudgets) {

  public ClusterSnapshot {
    Objects.requireNonNull(options, "options");
    nodeGroups = List.copyOf(nodeGroups);
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    podDisruptionBudgets = List.copyOf(podDisruptionBudgets);
    requireUnique("nodeGroups", nodeGroups.stream().map(NodeGroup::name).toList());
    requireUnique("nodes", nodes.stream().map(Node::name).toList());
    requireUnique("pods", pods.stream().map(Pod::key).toList());
  }

  private static void requireUnique(String field, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(field + ": '" + name + "' is listed twice");
      }
    }
  }
}
