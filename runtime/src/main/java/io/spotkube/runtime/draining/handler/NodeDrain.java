package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.draining.DrainPlanner;
import io.spotkube.runtime.draining.DrainPlanner.DrainPlan;
import io.spotkube.runtime.draining.DrainPlanner.PodEviction;
import io.spotkube.runtime.ports.ClusterApi;
import io.spotkube.runtime.ports.EvictionResult;
import io.spotkube.runtime.ports.PodInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain of one node as repeated passes: each {@link #step} evicts the pods not yet evicted
 * (retrying those a PodDisruptionBudget blocked, answered 429) and reports whether every evictable
 * pod is gone. The caller repeats it until done or until the deadline. Not thread-safe: one drain
 * runs one step at a time.
 */
final class NodeDrain {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDrain.class);

  private final ClusterApi cluster;
  private final DrainPlanner planner;
  private final DrainingMetrics metrics;
  private final String nodeName;
  private final Instant started;
  private final Instant deadline;
  private final Set<String> evicted = new HashSet<>();
  private List<String> remaining = List.of();

  NodeDrain(ClusterApi cluster, DrainPlanner planner, DrainingMetrics metrics, String nodeName, Instant started,
      Duration gracePeriod) {
    this.cluster = cluster;
    this.planner = planner;
    this.metrics = metrics;
    this.nodeName = nodeName;
    this.started = started;
    this.deadline = started.plus(gracePeriod);
  }

  String nodeName() {
    return nodeName;
  }

  Instant deadline() {
    return deadline;
  }

  Instant started() {
    return started;
  }

  /** Pods that were still there at the last step. */
  List<String> remaining() {
    return remaining;
  }

  /** One pass at {@code now}; true when no evictable pod is left on the node. */
  boolean step(Instant now) {
    DrainPlan plan = planner.plan(cluster.podsOnNode(nodeName), Duration.between(now, deadline));
    remaining = plan.evictions().stream().map(eviction -> eviction.pod().key()).toList();
    if (plan.evictions().isEmpty()) {
      return true;
    }
    for (PodEviction eviction : plan.evictions()) {
      PodInfo pod = eviction.pod();
      if (evicted.contains(pod.key())) {
        continue; // accepted before: waiting for its grace period to end
      }
      try {
        EvictionResult result = cluster.evict(pod, eviction.gracePeriodSeconds());
        metrics.evictions.inc(result.name().toLowerCase(java.util.Locale.ROOT));
        if (result != EvictionResult.BLOCKED) {
          evicted.add(pod.key());
        }
      } catch (RuntimeException evictionFailure) {
        metrics.evictions.inc("error");
        LOG.warn("evicting pod {} from node {} failed, will retry: {}", pod.key(), nodeName,
            evictionFailure.getMessage());
      }
    }
    return false;
  }
}
