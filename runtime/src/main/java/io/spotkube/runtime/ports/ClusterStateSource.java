package io.spotkube.runtime.ports;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The Kubernetes side the autoscaler reads: nodes, pods that matter, PDBs, priority rules. */
public interface ClusterStateSource {

  /** A consistent-enough view of the cluster right now (informer caches). */
  ClusterState current();

  /**
   * The priority expander's rules from the {@code cluster-autoscaler-priority-expander} ConfigMap,
   * empty when there is none.
   *
   * @throws IllegalArgumentException when the ConfigMap is malformed, naming it
   */
  Optional<Map<Integer, List<String>>> priorities();

  /**
   * @param nodes       nodes without {@code nodeGroup} (the controller maps them by instance id)
   * @param instanceIds instance id of each node by node name, from {@code spec.providerID}
   * @param pods        bound pods and unschedulable pending pods (just-created pods are left out)
   */
  record ClusterState(List<Node> nodes, Map<String, String> instanceIds, List<Pod> pods,
      List<PodDisruptionBudget> podDisruptionBudgets) {

    public ClusterState {
      nodes = List.copyOf(nodes);
      instanceIds = Map.copyOf(instanceIds);
      pods = List.copyOf(pods);
      podDisruptionBudgets = List.copyOf(podDisruptionBudgets);
      Objects.requireNonNull(nodes);
    }
  }
}
