package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.draining.TaintKeys;
import io.spotkube.runtime.identity.IdentityVerdict;
import io.spotkube.runtime.identity.NodeIdentity;
import io.spotkube.runtime.identity.NodeLabeller;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.ports.AutoscalerConfigMaps;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.controller.clusterstate.ClusterStateRegistry;
import io.spotkube.runtime.scaling.controller.scaledown.actuation.ScaleDownActuator;
import io.spotkube.runtime.scaling.controller.scaledown.unneeded.UnneededNodes;
import io.spotkube.runtime.scaling.planner.ScalingPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iteration of the autoscaler (upstream's {@code StaticAutoscaler.RunOnce}): read the cluster
 * cache and the groups, check the nodes' identities against EC2 ({@link NodeIdentity}: only verified
 * nodes count as their group's and are labelled from its tags, {@link NodeLabeller}), let the {@link ClusterStateRegistry} settle outstanding scale-ups, build
 * the snapshot, plan with the same core as {@code plan}, then act: SetDesiredCapacity and Events for
 * scale-ups, {@link UnneededNodes} for soft taints, the {@link ScaleDownActuator} for removals
 * (asynchronous), the status ConfigMap. Not thread-safe: one loop thread owns it.
 */
public final class AutoscalerLoop {

  /** A pod's NotTriggerScaleUp event is repeated at most this often. */
  static final Duration EVENT_REPEAT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(AutoscalerLoop.class);

  private final AutoscalerSettings settings;
  private final NodeGroupProvider provider;
  private final ClusterView cluster;
  private final AutoscalerConfigMaps configMaps;
  private final EventRecorder events;
  private final InterruptedNodes interrupted;
  private final ScalingMetrics metrics;
  private final ClusterStateRegistry clusterState;
  private final UnneededNodes unneeded;
  private final ScaleDownActuator actuator;
  private final NodeIdentity identity;
  private final NodeLabeller labeller;
  private final Map<String, Instant> notTriggeredEvents = new HashMap<>();
  private long iterations;

  public AutoscalerLoop(AutoscalerSettings settings, NodeGroupProvider provider, ClusterView cluster,
      AutoscalerConfigMaps configMaps, EventRecorder events, InterruptedNodes interrupted, ScalingMetrics metrics,
      UnneededNodes unneeded, ScaleDownActuator actuator, NodeIdentity identity, NodeLabeller labeller) {
    this.settings = settings;
    this.provider = provider;
    this.cluster = cluster;
    this.configMaps = configMaps;
    this.events = events;
    this.interrupted = interrupted;
    this.metrics = metrics;
    this.clusterState = new ClusterStateRegistry(provider, settings.maxNodeProvisionTime(), metrics::failedScaleUp);
    this.unneeded = unneeded;
    this.actuator = actuator;
    this.identity = identity;
    this.labeller = labeller;
  }

  /** Runs one iteration at {@code now} and returns its plan. */
  public Plan runOnce(Instant now) {
    iterations++;
    ClusterState observed = ClusterState.read(cluster);
    List<DiscoveredNodeGroup> discovered = provider.nodeGroups();
    // Only nodes claiming an instance of a discovered group matter here (counted, labelled, removed):
    // control-plane nodes and others are not asked about (no EC2 call, no refusal Events for them).
    Set<String> grouped = new HashSet<>();
    discovered.forEach(group -> grouped.addAll(group.instanceIds()));
    Map<String, IdentityVerdict> verdicts = identity.verify(observed.nodes().stream()
        .filter(node -> node.instanceId().map(grouped::contains).orElse(false)).toList());
    ClusterState state = observed.withVerifiedInstances(verified(verdicts));
    countRefused(discovered, observed, verdicts);
    labeller.label(discovered, observed.nodes(), verdicts);
    List<DiscoveredNodeGroup> groups = clusterState.update(discovered, Set.copyOf(state.instanceIds().values()), now);
    actuator.prune(nodeNames(state));

    long sinceScaleUp = Math.max(0, Duration.between(clusterState.lastScaleUp(), now).toSeconds());
    ClusterSnapshot snapshot = SnapshotBuilder.build(
        settings.options(priorities(), sinceScaleUp, now.toEpochMilli() ^ iterations), groups, state,
        unneeded.since(), losing(state, now), actuator.inProgress(),
        group -> clusterState.isBackedOff(group, now), now);
    Plan plan = ScalingPlanner.plan(snapshot);

    scaleUp(plan, state, now);
    reportUnschedulable(plan, state, now);
    unneeded.update(plan.unneeded(), now);
    actuator.start(plan.scaleDown(), state.instanceIds(), now);
    metrics.unschedulablePods(plan.unschedulable().size());
    metrics.unneededNodes(plan.unneeded().size());
    configMaps.writeStatus(StatusReport.render(now, groups, state, plan, clusterState.backoff(),
        clusterState.scalingUp()));
    return plan;
  }

  /**
   * Nodes about to be lost: those the handler in this process reported, and those carrying the
   * handler's interruption taint, which every replica sees (the handler may run in another
   * replica than the leading autoscaler, or have reported before this replica started).
   */
  private Set<String> losing(ClusterState state, Instant now) {
    Set<String> losing = new HashSet<>(interrupted.current(now));
    for (Node node : state.nodes()) {
      if (node.taints().stream().anyMatch(taint -> TaintKeys.isInterruptionTaint(taint.key()))) {
        losing.add(node.name());
      }
    }
    return losing;
  }

  private static Set<String> verified(Map<String, IdentityVerdict> verdicts) {
    Set<String> names = new HashSet<>();
    verdicts.forEach((name, verdict) -> {
      if (verdict.verified()) {
        names.add(name);
      }
    });
    return names;
  }

  /** Refused nodes claiming an instance of a group: not counted as that group's nodes (metric per iteration). */
  private void countRefused(List<DiscoveredNodeGroup> groups, ClusterState observed,
      Map<String, IdentityVerdict> verdicts) {
    Set<String> grouped = new HashSet<>();
    groups.forEach(group -> grouped.addAll(group.instanceIds()));
    observed.instanceIds().forEach((node, instance) -> {
      IdentityVerdict verdict = verdicts.get(node);
      if (grouped.contains(instance) && verdict != null && verdict.status() == IdentityVerdict.Status.REFUSED) {
        identity.refusedAction("count");
      }
    });
  }

  private static Set<String> nodeNames(ClusterState state) {
    Set<String> names = new HashSet<>();
    state.nodes().forEach(node -> names.add(node.name()));
    return names;
  }

  private Map<Integer, List<String>> priorities() {
    try {
      return configMaps.priorities().orElse(Map.of());
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring the priority expander rules: {}", e.getMessage());
      return Map.of();
    }
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

  private void scaleUp(Plan plan, ClusterState state, Instant now) {
    for (Plan.ScaleUp up : plan.scaleUp()) {
      provider.setDesiredCapacity(up.nodeGroup(), up.to());
      clusterState.scaleUpRequested(up.nodeGroup(), up.from(), up.to(), now);
      metrics.scaledUp(up.nodeGroup(), up.newNodes());
      LOG.info("Final scale-up plan: [{} {}]", up.nodeGroup(), up.describe());
    }
    if (plan.scaleUp().isEmpty()) {
      return;
    }
    Map<String, Pod> pods = podsByKey(state);
    Map<String, String> messages = new LinkedHashMap<>();
    for (Plan.ScaleUp up : plan.scaleUp()) {
      for (String key : up.podsHelped()) {
        messages.merge(key, "{" + up.nodeGroup() + " " + up.describe() + "}", (a, b) -> a + " " + b);
      }
    }
    messages.forEach((key, groupsText) -> {
      Pod pod = pods.get(key);
      if (pod != null) {
        events.podEvent(pod, EventRecorder.NORMAL, "TriggeredScaleUp", "pod triggered scale-up: [" + groupsText + "]");
        notTriggeredEvents.remove(key);
      }
    });
  }

  private void reportUnschedulable(Plan plan, ClusterState state, Instant now) {
    Set<String> current = new HashSet<>();
    Map<String, Pod> pods = null;
    for (Plan.Unschedulable unschedulable : plan.unschedulable()) {
      current.add(unschedulable.pod());
      Instant last = notTriggeredEvents.get(unschedulable.pod());
      if (last != null && Duration.between(last, now).compareTo(EVENT_REPEAT) < 0) {
        continue;
      }
      if (pods == null) {
        pods = podsByKey(state);
      }
      Pod pod = pods.get(unschedulable.pod());
      if (pod != null) {
        events.podEvent(pod, EventRecorder.NORMAL, "NotTriggerScaleUp",
            "pod didn't trigger scale-up: " + unschedulable.reason());
        notTriggeredEvents.put(unschedulable.pod(), now);
      }
    }
    notTriggeredEvents.keySet().retainAll(current);
  }

  private static Map<String, Pod> podsByKey(ClusterState state) {
    Map<String, Pod> pods = new HashMap<>();
    state.pods().forEach(pod -> pods.put(pod.key(), pod));
    return pods;
  }
}
