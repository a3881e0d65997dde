package io.spotkube.runtime.scaling.controller;

import io.spotkube.contract.GoDurations;
import io.spotkube.runtime.ports.ClusterStateSource;
import io.spotkube.runtime.ports.ClusterStateSource.ClusterState;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.ports.ScalingActivity;
import io.spotkube.runtime.ports.ScalingClusterActions;
import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.scaling.ScalingPlanner;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.scaling.backoff.ExponentialBackoff;
import io.spotkube.runtime.scaling.scaledown.DrainRules;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One iteration of the autoscaler, and the little state that carries over between iterations:
 * scale-ups awaiting their nodes, backoffs, how long nodes have been unneeded, nodes being removed.
 *
 * <p>Each iteration: check outstanding scale-ups (a failed launch in the group's scaling activities
 * backs the group off at once and returns its desired capacity; so does a scale-up older than
 * {@code --max-node-provision-time}), build the snapshot, plan with the same core as {@code plan},
 * then act: SetDesiredCapacity, Events, taints, evictions, TerminateInstanceInAutoScalingGroup, the
 * status ConfigMap. Not thread-safe: one loop thread owns it.
 */
public final class AutoscalerLoop {

  static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";
  static final String DELETION_CANDIDATE_TAINT = "DeletionCandidateOfClusterAutoscaler";
  /** How long evicted pods get to leave before the instance is terminated anyway. */
  static final Duration MAX_DRAIN_TIME = Duration.ofMinutes(10);
  /** A pod's NotTriggerScaleUp event is repeated at most this often. */
  static final Duration EVENT_REPEAT = Duration.ofMinutes(10);

  private static final System.Logger LOG = System.getLogger(AutoscalerLoop.class.getName());

  private record ScaleUpRequest(Instant at, int from, int to) {
  }

  private record Removal(Instant at, String group) {
  }

  private final AutoscalerSettings settings;
  private final NodeGroupProvider provider;
  private final ClusterStateSource cluster;
  private final ScalingClusterActions actions;
  private final InterruptedNodes interrupted;
  private final ScalingMetrics metrics;
  private final ExponentialBackoff backoff = new ExponentialBackoff();
  private final Map<String, ScaleUpRequest> scaleUps = new HashMap<>();
  private final Map<String, Instant> unneededSince = new HashMap<>();
  private final Map<String, Removal> removing = new HashMap<>();
  private final Map<String, Instant> notTriggeredEvents = new HashMap<>();
  private Instant lastScaleUp = Instant.EPOCH;
  private long iterations;

  public AutoscalerLoop(AutoscalerSettings settings, NodeGroupProvider provider, ClusterStateSource cluster,
      ScalingClusterActions actions, InterruptedNodes interrupted, ScalingMetrics metrics) {
    this.settings = settings;
    this.provider = provider;
    this.cluster = cluster;
    this.actions = actions;
    this.interrupted = interrupted;
    this.metrics = metrics;
  }

  /** Runs one iteration at {@code now} and returns its plan. */
  public Plan runOnce(Instant now) {
    iterations++;
    ClusterState state = cluster.current();
    List<DiscoveredNodeGroup> groups = checkScaleUps(provider.nodeGroups(), state, now);
    backoff.removeStale(now);

    Map<Integer, List<String>> priorities = priorities();
    long sinceScaleUp = Math.max(0, Duration.between(lastScaleUp, now).toSeconds());
    ClusterSnapshot snapshot = SnapshotBuilder.build(
        settings.options(priorities, sinceScaleUp, now.toEpochMilli() ^ iterations), groups, state, unneededSince,
        interrupted.current(now), removing.keySet(), group -> backoff.isBackedOff(group, now), now);
    Plan plan = ScalingPlanner.plan(snapshot);

    scaleUp(plan, groups, now);
    reportUnschedulable(plan, now);
    trackUnneeded(plan, now);
    scaleDown(plan, state, now);
    metrics.unschedulablePods(plan.unschedulable().size());
    metrics.unneededNodes(plan.unneeded().size());
    actions.writeStatus(StatusReport.render(now, groups, state, plan, backoff, scaleUps.keySet()));
    return plan;
  }

  private Map<Integer, List<String>> priorities() {
    try {
      return cluster.priorities().orElse(Map.of());
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "ignoring the priority expander rules: {0}", e.getMessage());
      return Map.of();
    }
  }

  /**
   * Fast Spot fallback: a failed launch backs its group off now, not after max-node-provision-time.
   * Returns the groups with the desired capacities this step took back.
   */
  private List<DiscoveredNodeGroup> checkScaleUps(List<DiscoveredNodeGroup> groups, ClusterState state, Instant now) {
    Map<String, DiscoveredNodeGroup> byName = new HashMap<>();
    groups.forEach(group -> byName.put(group.name(), group));
    Map<String, Integer> registered = registeredNodes(groups, state);
    for (Map.Entry<String, ScaleUpRequest> entry : List.copyOf(scaleUps.entrySet())) {
      String group = entry.getKey();
      ScaleUpRequest request = entry.getValue();
      DiscoveredNodeGroup current = byName.get(group);
      int nodes = registered.getOrDefault(group, 0);
      if (current == null || nodes >= request.to()) {
        scaleUps.remove(group);
        if (current != null) {
          backoff.reset(group);
        }
        continue;
      }
      Optional<ScalingActivity> failed = provider.scalingActivities(group, request.at()).stream()
          .filter(ScalingActivity::failed).findFirst();
      if (failed.isPresent()) {
        String reason = CapacityFailures.isCapacityShortage(failed.get()) ? "capacity" : "launch";
        byName.put(group, giveUp(current, request, nodes, reason, failed.get().statusMessage(), now));
      } else if (Duration.between(request.at(), now).compareTo(settings.maxNodeProvisionTime()) > 0) {
        byName.put(group, giveUp(current, request, nodes, "timeout",
            "no node registered within --max-node-provision-time " + GoDurations.format(settings.maxNodeProvisionTime()),
            now));
      }
    }
    return groups.stream().map(group -> byName.get(group.name())).toList();
  }

  private DiscoveredNodeGroup giveUp(DiscoveredNodeGroup group, ScaleUpRequest request, int registered, String reason,
      String detail, Instant now) {
    ExponentialBackoff.Status status = backoff.backOff(group.name(), detail, now);
    metrics.failedScaleUp(group.name(), reason);
    scaleUps.remove(group.name());
    // Take back the nodes that will not come, so the next plan does not count them as upcoming.
    int desired = Math.max(Math.max(request.from(), registered), group.minSize());
    LOG.log(Level.WARNING, "scale-up of {0} failed ({1}: {2}); backed off for {3}, desired {4} -> {5}", group.name(),
        reason, detail, GoDurations.format(status.duration()), group.desired(), desired);
    if (group.desired() > desired) {
      provider.setDesiredCapacity(group.name(), desired);
      return group.withDesired(desired);
    }
    return group;
  }

  /** Nodes in the cluster per group, by the instance IDs of their provider IDs. */
  static Map<String, Integer> registeredNodes(List<DiscoveredNodeGroup> groups, ClusterState state) {
    Map<String, String> groupOfInstance = new HashMap<>();
    groups.forEach(group -> group.instanceIds().forEach(id -> groupOfInstance.put(id, group.name())));
    Map<String, Integer> registered = new HashMap<>();
    state.instanceIds().values().forEach(id -> {
      String group = groupOfInstance.get(id);
      if (group != null) {
        registered.merge(group, 1, Integer::sum);
      }
    });
    return registered;
  }

  private void scaleUp(Plan plan, List<DiscoveredNodeGroup> groups, Instant now) {
    Map<String, Pod> pods = new HashMap<>();
    for (Plan.ScaleUp up : plan.scaleUp()) {
      provider.setDesiredCapacity(up.nodeGroup(), up.to());
      scaleUps.put(up.nodeGroup(), new ScaleUpRequest(now, up.from(), up.to()));
      lastScaleUp = now;
      metrics.scaledUp(up.nodeGroup(), up.newNodes());
      LOG.log(Level.INFO, "Final scale-up plan: [{0} {1}]", up.nodeGroup(), up.describe());
    }
    if (plan.scaleUp().isEmpty()) {
      return;
    }
    cluster.current().pods().forEach(pod -> pods.put(pod.key(), pod));
    Map<String, String> messages = new LinkedHashMap<>();
    for (Plan.ScaleUp up : plan.scaleUp()) {
      for (String key : up.podsHelped()) {
        messages.merge(key, "{" + up.nodeGroup() + " " + up.describe() + "}", (a, b) -> a + " " + b);
      }
    }
    messages.forEach((key, groupsText) -> {
      Pod pod = pods.get(key);
      if (pod != null) {
        actions.podEvent(pod, "Normal", "TriggeredScaleUp", "pod triggered scale-up: [" + groupsText + "]");
        notTriggeredEvents.remove(key);
      }
    });
  }

  private void reportUnschedulable(Plan plan, Instant now) {
    Set<String> current = new HashSet<>();
    Map<String, Pod> pods = null;
    for (Plan.Unschedulable unschedulable : plan.unschedulable()) {
      current.add(unschedulable.pod());
      Instant last = notTriggeredEvents.get(unschedulable.pod());
      if (last != null && Duration.between(last, now).compareTo(EVENT_REPEAT) < 0) {
        continue;
      }
      if (pods == null) {
        pods = new HashMap<>();
        for (Pod pod : cluster.current().pods()) {
          pods.put(pod.key(), pod);
        }
      }
      Pod pod = pods.get(unschedulable.pod());
      if (pod != null) {
        actions.podEvent(pod, "Normal", "NotTriggerScaleUp", "pod didn't trigger scale-up: " + unschedulable.reason());
        notTriggeredEvents.put(unschedulable.pod(), now);
      }
    }
    notTriggeredEvents.keySet().retainAll(current);
  }

  private void trackUnneeded(Plan plan, Instant now) {
    Set<String> unneeded = new HashSet<>(plan.unneeded());
    for (String node : List.copyOf(unneededSince.keySet())) {
      if (!unneeded.contains(node)) {
        unneededSince.remove(node);
        actions.removeTaint(node, DELETION_CANDIDATE_TAINT);
      }
    }
    for (String node : unneeded) {
      if (unneededSince.putIfAbsent(node, now) == null) {
        // A soft taint: the scheduler prefers other nodes, so the candidate empties faster. Best effort.
        try {
          actions.addTaint(node, new Taint(DELETION_CANDIDATE_TAINT, Long.toString(now.getEpochSecond()),
              "PreferNoSchedule"));
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "soft-tainting node {0}: {1}", node, e.getMessage());
        }
      }
    }
  }

  private void scaleDown(Plan plan, ClusterState state, Instant now) {
    for (Plan.ScaleDown down : plan.scaleDown()) {
      String node = down.node();
      if (state.instanceIds().get(node) == null) {
        LOG.log(Level.WARNING, "cannot remove node {0}: no instance id in spec.providerID", node);
        continue;
      }
      try {
        actions.addTaint(node, new Taint(TO_BE_DELETED_TAINT, Long.toString(now.getEpochSecond()), "NoSchedule"));
      } catch (RuntimeException e) {
        // Without the hard taint new pods could land on the node while it drains: do not remove it now.
        LOG.log(Level.WARNING, "not removing node {0}: {1}", node, e.getMessage());
        continue;
      }
      boolean allEvicted = true;
      for (Pod pod : podsToMove(state, node)) {
        if (!actions.evict(pod)) {
          allEvicted = false;
          actions.nodeEvent(node, "Warning", "ScaleDownFailed", "eviction of pod " + pod.key() + " refused");
          break;
        }
      }
      if (!allEvicted) {
        actions.removeTaint(node, TO_BE_DELETED_TAINT);
        continue;
      }
      removing.put(node, new Removal(now, down.nodeGroup()));
      actions.nodeEvent(node, "Normal", "ScaleDown", "marked the node as toBeDeleted/unschedulable: " + down.reason());
    }
    finishRemovals(state, now);
  }

  /** Terminates nodes whose pods have left (or that waited out the drain time). */
  private void finishRemovals(ClusterState state, Instant now) {
    for (Map.Entry<String, Removal> entry : List.copyOf(removing.entrySet())) {
      String node = entry.getKey();
      Removal removal = entry.getValue();
      String instanceId = state.instanceIds().get(node);
      if (instanceId == null) {
        removing.remove(node);
        continue;
      }
      boolean drained = podsToMove(state, node).isEmpty();
      if (drained || Duration.between(removal.at(), now).compareTo(MAX_DRAIN_TIME) > 0) {
        provider.terminateInstance(instanceId);
        removing.remove(node);
        unneededSince.remove(node);
        metrics.scaledDown(removal.group(), 1);
        LOG.log(Level.INFO, "terminated node {0} ({1}) of {2}, desired capacity decremented", node, instanceId,
            removal.group());
      }
    }
  }

  private static List<Pod> podsToMove(ClusterState state, String node) {
    return state.pods().stream().filter(pod -> node.equals(pod.nodeName())).filter(DrainRules::needsToMove).toList();
  }
}
