package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.ports.ClusterView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One loop's reading of the cluster cache: the nodes, the pods the autoscaler simulates (see
 * {@link Pod#consideredForScaling()}), the PodDisruptionBudgets, and each node's instance id.
 */
public record ClusterState(List<Node> nodes, List<Pod> pods, List<PodDisruptionBudget> podDisruptionBudgets,
    Map<String, String> instanceIds) {

  public ClusterState {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    podDisruptionBudgets = List.copyOf(podDisruptionBudgets);
    instanceIds = Map.copyOf(instanceIds);
  }

  /**
   * The same reading with instance ids kept only for the nodes EC2 vouches for: a node that fails the
   * identity check is nobody's group node, its instance is not "registered", and it is never the
   * reason an instance is terminated.
   */
  public ClusterState withVerifiedInstances(Set<String> verifiedNodes) {
    Map<String, String> verified = new HashMap<>(instanceIds);
    verified.keySet().retainAll(verifiedNodes);
    return new ClusterState(nodes, pods, podDisruptionBudgets, verified);
  }

  public static ClusterState read(ClusterView view) {
    List<Node> nodes = view.nodes();
    Map<String, String> instanceIds = new HashMap<>();
    nodes.forEach(node -> node.instanceId().ifPresent(id -> instanceIds.put(node.name(), id)));
    List<Pod> pods = view.pods().stream().filter(Pod::consideredForScaling).toList();
    return new ClusterState(nodes, pods, view.podDisruptionBudgets(), instanceIds);
  }
}
