package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.drain.DrainOutcome;
import io.spotkube.runtime.drain.DrainPlanner;
import io.spotkube.runtime.drain.Drainer;
import io.spotkube.runtime.draining.InterruptionEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler's drains: one per instance at a time (see {@link DrainRegistry}), run by the shared
 * {@link Drainer} with the node grace period as deadline, each reported as Events, metrics and
 * log lines when it ends.
 */
final class DrainScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(DrainScheduler.class);

  private final Drainer drainer;
  private final DrainPlanner planner;
  private final DrainRegistry registry;
  private final Duration nodeGracePeriod;
  private final DrainingMetrics metrics;
  private final DrainingListener listener;
  private final NodeEvents events;

  DrainScheduler(Drainer drainer, DrainingConfig config, Clock clock, DrainingMetrics metrics,
      DrainingListener listener, NodeEvents events) {
    this.drainer = drainer;
    this.planner = DrainPlanner.beforeNodeLoss(config.podGracePeriodSeconds());
    this.registry = new DrainRegistry(clock, config.dedupeWindow());
    this.nodeGracePeriod = config.nodeGracePeriod();
    this.metrics = metrics;
    this.listener = listener;
    this.events = events;
  }

  /** The drain of the instance's node: the one in progress, a recent success, or a new one. */
  CompletableFuture<DrainOutcome> drain(String instanceId, String nodeName, InterruptionEvent event) {
    return registry.drain(instanceId, () -> start(instanceId, nodeName, event));
  }

  private CompletableFuture<DrainOutcome> start(String instanceId, String nodeName, InterruptionEvent event) {
    return drainer.drain(nodeName, planner, nodeGracePeriod).thenApply(outcome -> {
      metrics.drainDuration.observe(outcome.took().toMillis() / 1000.0);
      listener.drained(instanceId, outcome);
      if (outcome.drained()) {
        events.record(nodeName, "Drained", "all evictable pods are gone (" + event.kind() + ")", false);
        LOG.info("drained node={} instance={} took={}ms", nodeName, instanceId, outcome.took().toMillis());
      } else {
        metrics.drainTimeouts.inc();
        String left = String.join(", ", outcome.remainingPods().stream().limit(10).toList());
        events.record(nodeName, "DrainTimedOut", "node grace period " + nodeGracePeriod.toSeconds()
            + "s ended with " + outcome.remainingPods().size() + " pod(s) left: " + left
            + "; the node stays cordoned", true);
        LOG.warn("drain of node={} instance={} timed out; pods left: {}", nodeName, instanceId, left);
      }
      return outcome;
    });
  }
}
