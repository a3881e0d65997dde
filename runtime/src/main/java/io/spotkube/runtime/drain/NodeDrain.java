package io.spotkube.runtime.drain;

import io.spotkube.runtime.drain.DrainPlanner.DrainPlan;
import io.spotkube.runtime.drain.DrainPlanner.PodEviction;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EvictionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain of one node as repeated passes: each {@link #step} reads the node's pods from the
 * cache, evicts those not yet evicted (retrying those a PodDisruptionBudget blocked, answered 429)
 * and reports whether every evictable pod is gone. The caller repeats it until done or until the
 * deadline. Not thread-safe: one drain runs one step at a time.
 */
final class NodeDrain {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDrain.class);

  private final ClusterView cluster;
  private final ClusterWriter writer;
  private final DrainPlanner planner;
  private final Consumer<String> evictionResults;
  private final String nodeName;
  private final Instant started;
  private final Instant deadline;
  private final Set<String> evicted = new HashSet<>();
  private List<String> remaining = List.of();

  NodeDrain(ClusterView cluster, ClusterWriter writer, DrainPlanner planner, Consumer<String> evictionResults,
      String nodeName, Instant started, Duration timeout) {
    this.cluster = cluster;
    this.writer = writer;
    this.planner = planner;
    this.evictionResults = evictionResults;
    this.nodeName = nodeName;
    this.started = started;
    this.deadline = started.plus(timeout);
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

  /** Of {@link #remaining()}, those whose eviction was never accepted. */
  List<String> refused() {
    return remaining.stream().filter(key -> !evicted.contains(key)).toList();
  }

  /** One pass at {@code now}; true when no evictable pod is left on the node. */
  boolean step(Instant now) {
    DrainPlan plan = planner.plan(cluster.podsOnNode(nodeName), Duration.between(now, deadline));
    remaining = plan.evictions().stream().map(eviction -> eviction.pod().key()).toList();
    if (plan.evictions().isEmpty()) {
      return true;
    }
    for (PodEviction eviction : plan.evictions()) {
      Pod pod = eviction.pod();
      if (pod.terminating()) {
        evicted.add(pod.key()); // deleted already (by us or another replica): only its grace period is left
      }
      if (evicted.contains(pod.key())) {
        continue;
      }
      try {
        EvictionResult result = writer.evict(pod, eviction.gracePeriodSeconds());
        evictionResults.accept(result.name().toLowerCase(Locale.ROOT));
        if (result != EvictionResult.BLOCKED) {
          evicted.add(pod.key());
        }
      } catch (RuntimeException evictionFailure) {
        evictionResults.accept("error");
        LOG.warn("evicting pod {} from node {} failed, will retry: {}", pod.key(), nodeName,
            evictionFailure.getMessage());
      }
    }
    return false;
  }
}
