package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.backoff.ExponentialBackoff;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The text of the status ConfigMap, in the spirit of cluster-autoscaler-status: per-group health and the last plan. */
final class StatusReport {

  private StatusReport() {
  }

  static String render(Instant now, List<DiscoveredNodeGroup> groups, ClusterState state, Plan plan,
      ExponentialBackoff backoff, Collection<String> scalingUp) {
    Map<String, Integer> registered = AutoscalerLoop.registeredNodes(groups, state);
    StringBuilder text = new StringBuilder();
    text.append("time: ").append(now).append('\n');
    text.append("clusterWide:\n");
    text.append("  nodes: ").append(state.nodes().size()).append('\n');
    text.append("  unschedulablePods: ").append(plan.unschedulable().size()).append('\n');
    text.append("  unneededNodes: ").append(plan.unneeded().size()).append('\n');
    text.append("nodeGroups:\n");
    groups.stream().sorted(Comparator.comparing(DiscoveredNodeGroup::name)).forEach(group -> {
      text.append("- name: ").append(group.name()).append('\n');
      text.append("  minSize: ").append(group.minSize()).append('\n');
      text.append("  maxSize: ").append(group.maxSize()).append('\n');
      text.append("  desired: ").append(group.desired()).append('\n');
      text.append("  registered: ").append(registered.getOrDefault(group.name(), 0)).append('\n');
      text.append("  scaleUp: ").append(scalingUp.contains(group.name()) ? "InProgress" : "NoActivity").append('\n');
      backoff.status(group.name(), now).ifPresentOrElse(
          status -> text.append("  backoff: until ").append(status.until()).append(" (")
              .append(status.reason().replace('\n', ' ')).append(")\n"),
          () -> text.append("  backoff: none\n"));
    });
    text.append("lastPlan:\n");
    plan.scaleUp().forEach(up -> text.append("  scaleUp: ").append(up.nodeGroup()).append(' ').append(up.describe())
        .append('\n'));
    plan.scaleDown().forEach(down -> text.append("  scaleDown: ").append(down.node()).append(" (").append(down.reason())
        .append(")\n"));
    return text.toString();
  }
}
