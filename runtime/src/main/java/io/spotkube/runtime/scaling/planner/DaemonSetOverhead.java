package io.spotkube.runtime.scaling.planner;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.NodeTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * New nodes run the DaemonSets too (kube-proxy, the CNI, the termination handler), so their
 * capacity for pending pods is the template's minus those pods. Upstream simulates DaemonSet pods on
 * template nodes; here the overhead is read off the group's existing node with the most DaemonSet
 * requests and taken from the template's allocatable. A group without nodes (scale from zero) keeps
 * its template as is.
 */
final class DaemonSetOverhead {

  private DaemonSetOverhead() {
  }

  static List<NodeGroup> apply(List<NodeGroup> groups, List<Node> nodes, List<Pod> pods) {
    Map<String, String> groupOfNode = new HashMap<>();
    nodes.forEach(node -> {
      if (node.nodeGroup() != null) {
        groupOfNode.put(node.name(), node.nodeGroup());
      }
    });
    Map<String, Resources> perNode = new HashMap<>();
    for (Pod pod : pods) {
      if (pod.runsPerNode() && pod.nodeName() != null && groupOfNode.containsKey(pod.nodeName())) {
        perNode.merge(pod.nodeName(), pod.requests().withOnePod(), Resources::plus);
      }
    }
    Map<String, Resources> perGroup = new HashMap<>();
    perNode.entrySet().stream()
        .sorted(Map.Entry.<String, Resources>comparingByKey())
        .forEach(entry -> perGroup.merge(groupOfNode.get(entry.getKey()), entry.getValue(),
            (a, b) -> weight(b) > weight(a) ? b : a));
    List<NodeGroup> adjusted = new ArrayList<>();
    for (NodeGroup group : groups) {
      Resources overhead = perGroup.get(group.name());
      adjusted.add(overhead == null ? group : withOverhead(group, overhead));
    }
    return adjusted;
  }

  private static double weight(Resources resources) {
    return resources.cpuMillis() * 1e12 + resources.memoryBytes();
  }

  private static NodeGroup withOverhead(NodeGroup group, Resources overhead) {
    Resources allocatable = group.template().allocatable();
    Map<String, Long> extended = new HashMap<>(allocatable.extended());
    overhead.extended().forEach((name, amount) -> extended.computeIfPresent(name, (key, value) -> Math.max(0, value - amount)));
    Resources left = new Resources(
        Math.max(0, allocatable.cpuMillis() - overhead.cpuMillis()),
        Math.max(0, allocatable.memoryBytes() - overhead.memoryBytes()),
        Math.max(0, allocatable.ephemeralStorageBytes() - overhead.ephemeralStorageBytes()),
        Math.max(0, allocatable.pods() - overhead.pods()),
        extended);
    return new NodeGroup(group.name(), group.minSize(), group.maxSize(), group.desired(), group.instanceTypes(),
        group.pricePerHour(), group.backedOff(),
        new NodeTemplate(left, group.template().labels(), group.template().taints()));
  }

}
