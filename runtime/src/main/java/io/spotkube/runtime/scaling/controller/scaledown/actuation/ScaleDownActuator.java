package io.spotkube.runtime.scaling.controller.scaledown.actuation;

import io.spotkube.runtime.drain.DrainOutcome;
import io.spotkube.runtime.drain.DrainPlanner;
import io.spotkube.runtime.drain.Drainer;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.scaling.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's scale-down actuator: removes the nodes the plan chose, asynchronously. Each removal
 * taints the node {@code ToBeDeletedByClusterAutoscaler:NoSchedule}, drains it with the runtime's
 * drain engine (evictions retried while a PodDisruptionBudget refuses them, for at most
 * {@code --max-pod-eviction-time}; each pod's own grace period, at most
 * {@code --max-graceful-termination-sec}), then terminates its instance and lowers its group's
 * desired capacity by one. A drain that ends with a pod whose eviction was never accepted fails
 * the removal: the taint is lifted and a {@code ScaleDownFailed} Event says which pod. The nodes
 * being removed are reported to the planner ({@link #inProgress()}), which leaves them out.
 * Thread-safe: removals end on the drain engine's threads.
 */
public final class ScaleDownActuator {

  public static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

  private static final Logger LOG = LoggerFactory.getLogger(ScaleDownActuator.class);

  private final ClusterWriter writer;
  private final EventRecorder events;
  private final NodeGroupProvider provider;
  private final Drainer drainer;
  private final DrainPlanner planner;
  private final Duration maxPodEvictionTime;
  private final BiConsumer<String, Integer> scaledDown;
  private final Map<String, String> inProgress = new ConcurrentHashMap<>();
  /** Terminated, but their Node objects are still there (until the cloud controller deletes them). */
  private final Set<String> terminated = ConcurrentHashMap.newKeySet();

  /** @param scaledDown told (group, 1) for each node removed, for the scaled-down metric */
  public ScaleDownActuator(ClusterWriter writer, EventRecorder events, NodeGroupProvider provider, Drainer drainer,
      Duration maxPodEvictionTime, Duration maxGracefulTermination, BiConsumer<String, Integer> scaledDown) {
    this.writer = writer;
    this.events = events;
    this.provider = provider;
    this.drainer = drainer;
    this.planner = DrainPlanner.forScaleDown(maxGracefulTermination.toSeconds());
    this.maxPodEvictionTime = maxPodEvictionTime;
    this.scaledDown = scaledDown;
  }

  /**
   * Nodes being removed, and nodes terminated whose Node object is still there: the planner must
   * not choose either again (a second termination would lower the group's capacity twice).
   */
  public Set<String> inProgress() {
    Set<String> nodes = new java.util.HashSet<>(inProgress.keySet());
    nodes.addAll(terminated);
    return Set.copyOf(nodes);
  }

  /** Forgets terminated nodes that have left the cluster. */
  public void prune(java.util.Collection<String> nodesInCluster) {
    terminated.retainAll(Set.copyOf(nodesInCluster));
  }

  /** Starts removing the plan's nodes; {@code instanceIds} maps node names to their instances. */
  public void start(Iterable<Plan.ScaleDown> removals, Map<String, String> instanceIds, Instant now) {
    for (Plan.ScaleDown removal : removals) {
      String node = removal.node();
      String instanceId = instanceIds.get(node);
      if (instanceId == null) {
        LOG.warn("cannot remove node {}: no instance id in spec.providerID", node);
        continue;
      }
      if (inProgress.putIfAbsent(node, removal.nodeGroup()) != null) {
        continue;
      }
      try {
        writer.addTaint(node, new Taint(TO_BE_DELETED_TAINT, Long.toString(now.getEpochSecond()), "NoSchedule"));
      } catch (RuntimeException e) {
        // Without the hard taint new pods could land on the node while it drains: do not remove it now.
        LOG.warn("not removing node {}: {}", node, e.getMessage());
        inProgress.remove(node);
        continue;
      }
      events.nodeEvent(node, EventRecorder.NORMAL, "ScaleDown",
          "marked the node as toBeDeleted/unschedulable: " + removal.reason());
      drainer.drain(node, planner, maxPodEvictionTime)
          .thenAccept(outcome -> finish(node, instanceId, removal.nodeGroup(), outcome))
          .exceptionally(failure -> {
            LOG.error("removal of node {} failed: {}", node, failure.toString());
            inProgress.remove(node);
            return null;
          });
    }
  }

  private void finish(String node, String instanceId, String group, DrainOutcome outcome) {
    try {
      if (!outcome.refusedPods().isEmpty()) {
        // A pod that may not be evicted (a PodDisruptionBudget) keeps its node: give the node back.
        events.nodeEvent(node, EventRecorder.WARNING, "ScaleDownFailed", "eviction of pod "
            + outcome.refusedPods().get(0) + " refused for " + maxPodEvictionTime.toSeconds() + "s");
        liftTaint(node);
        LOG.warn("not removing node {}: evictions refused for {}", node, outcome.refusedPods());
        return;
      }
      // Drained, or every remaining pod accepted its eviction and is only slow to stop: terminate.
      provider.terminateInstance(instanceId);
      terminated.add(node);
      scaledDown.accept(group, 1);
      LOG.info("terminated node {} ({}) of {}, desired capacity decremented", node, instanceId, group);
    } catch (RuntimeException e) {
      LOG.warn("removing node {} ({}): {}", node, instanceId, e.getMessage());
      liftTaint(node);
    } finally {
      inProgress.remove(node);
    }
  }

  private void liftTaint(String node) {
    try {
      writer.removeTaint(node, TO_BE_DELETED_TAINT);
    } catch (RuntimeException e) {
      LOG.warn("lifting the scale-down taint of node {}: {}", node, e.getMessage());
    }
  }
}
