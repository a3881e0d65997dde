package io.spotkube.runtime.drain;

import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's one drain engine, used by the interruption handler and by the autoscaler's
 * scale-down (upstream's actuator drains like {@code kubectl drain} too): a drain is a series of
 * short {@link NodeDrain} passes on a shared scheduled executor, {@code pollInterval} apart, until
 * no evictable pod is left or the timeout ends. A thousand drains waiting on pods hold no thread.
 */
public final class Drainer {

  private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);
  private static final long YIELD_MILLIS = 20;

  private final ClusterView cluster;
  private final ClusterWriter writer;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Duration pollInterval;
  private final BooleanSupplier yieldWhile;
  private final Consumer<String> evictionResults;

  /**
   * @param yieldWhile      while true, drains wait (for at most half their timeout): the handler gives
   *                        its pending cordons the API server first
   * @param evictionResults told each eviction's result (evicted, blocked, gone, error), for metrics
   */
  public Drainer(ClusterView cluster, ClusterWriter writer, ScheduledExecutorService executor, Clock clock,
      Duration pollInterval, BooleanSupplier yieldWhile, Consumer<String> evictionResults) {
    this.cluster = cluster;
    this.writer = writer;
    this.executor = executor;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.yieldWhile = yieldWhile;
    this.evictionResults = evictionResults;
  }

  /** Starts draining the node; the future completes when it is drained or the timeout ends, never exceptionally. */
  public CompletableFuture<DrainOutcome> drain(String nodeName, DrainPlanner planner, Duration timeout) {
    NodeDrain drain = new NodeDrain(cluster, writer, planner, evictionResults, nodeName, clock.instant(), timeout);
    CompletableFuture<DrainOutcome> result = new CompletableFuture<>();
    executor.execute(() -> step(drain, timeout, result));
    return result;
  }

  private void step(NodeDrain drain, Duration timeout, CompletableFuture<DrainOutcome> result) {
    Instant now = clock.instant();
    Duration left = Duration.between(now, drain.deadline());
    if (yieldWhile.getAsBoolean() && left.compareTo(timeout.dividedBy(2)) > 0) {
      executor.schedule(() -> step(drain, timeout, result), YIELD_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    boolean done = false;
    try {
      done = drain.step(now);
    } catch (RuntimeException stepFailure) {
      LOG.warn("drain of node {}: {}; retrying", drain.nodeName(), stepFailure.getMessage());
    }
    if (done || !now.isBefore(drain.deadline())) {
      result.complete(new DrainOutcome(drain.nodeName(), done, done ? List.of() : drain.remaining(),
          done ? List.of() : drain.refused(), Duration.between(drain.started(), now)));
      return;
    }
    long delay = Math.min(pollInterval.toMillis(), Math.max(1, left.toMillis()));
    executor.schedule(() -> step(drain, timeout, result), delay, TimeUnit.MILLISECONDS);
  }
}
