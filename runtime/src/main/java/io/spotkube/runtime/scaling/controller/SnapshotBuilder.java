package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.NodeGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns what the controller observed into the {@link ClusterSnapshot} the pure planner decides on
 * (the same input {@code plan --snapshot} reads). Nodes are matched to groups by instance id;
 * nodes about to be lost or being removed are cordoned in the snapshot, and the pods of nodes about
 * to be lost count as pending, so their replacement capacity is planned now.
 */
final class SnapshotBuilder {

  private SnapshotBuilder() {
  }

  static ClusterSnapshot build(AutoscalingOptions options, List<DiscoveredNodeGroup> groups, ClusterState state,
      Map<String, Instant> unneededSince, Set<String> losing, Set<String> removing, Predicate<String> backedOff,
      Instant now) {
    Map<String, String> groupOfInstance = new HashMap<>();
    List<NodeGroup> nodeGroups = new ArrayList<>();
    for (DiscoveredNodeGroup group : groups) {
      group.instanceIds().forEach(id -> groupOfInstance.put(id, group.name()));
      nodeGroups.add(new NodeGroup(group.name(), group.minSize(), group.maxSize(), group.desired(),
          group.instanceTypes(), group.pricePerHour(), backedOff.test(group.name()), group.template()));
    }
    List<Node> nodes = new ArrayList<>();
    for (Node node : state.nodes()) {
      String instanceId = state.instanceIds().get(node.name());
      String group = instanceId == null ? null : groupOfInstance.get(instanceId);
      Instant since = unneededSince.get(node.name());
      long unneededFor = since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds());
      boolean cordoned = node.unschedulable() || losing.contains(node.name()) || removing.contains(node.name());
      nodes.add(new Node(node.name(), group, node.allocatable(), node.labels(), node.taints(), node.ready(), cordoned,
          unneededFor, node.providerId(), node.annotations()));
    }
    List<Pod> pods = new ArrayList<>();
    for (Pod pod : state.pods()) {
      if (pod.nodeName() != null && losing.contains(pod.nodeName())) {
        if (!pod.runsPerNode()) {
          pods.add(pod.toBuilder().nodeName(null).build());
        }
      } else {
        pods.add(pod);
      }
    }
    return new ClusterSnapshot(options, nodeGroups, nodes, pods, state.podDisruptionBudgets());
  }
}
