package io.spotkube.runtime.scaling.controller;

import io.spotkube.contract.GoDurations;
import io.spotkube.runtime.drain.Drainer;
import io.spotkube.runtime.identity.IdentityMetrics;
import io.spotkube.runtime.identity.NodeIdentity;
import io.spotkube.runtime.identity.NodeLabeller;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.ports.AutoscalerConfigMaps;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.ImminentNodeLoss;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.scaling.controller.scaledown.actuation.ScaleDownActuator;
import io.spotkube.runtime.scaling.controller.scaledown.unneeded.UnneededNodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler while this replica leads: {@link AutoscalerLoop} every {@code --scan-interval}
 * on the loop thread; scale-down drains on the drain engine's threads. A failed iteration is logged
 * and counted; the next one starts on time. Leader election is the wiring's: it calls
 * {@link #startLeading()} and {@link #stopLeading()}.
 */
public final class AutoscalerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AutoscalerService.class);
  private static final Set<String> ORPHANED_TAINTS = Set.of(ScaleDownActuator.TO_BE_DELETED_TAINT,
      UnneededNodes.DELETION_CANDIDATE_TAINT);

  private final AutoscalerSettings settings;
  private final AutoscalerLoop loop;
  private final InterruptedNodes interrupted;
  private final ScalingMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService loopThread;
  private final ClusterView cluster;
  private final ClusterWriter writer;
  private final LoopHealth health;
  private final AtomicReference<ScheduledFuture<?>> running = new AtomicReference<>();
  private volatile Instant leadingSince;
  private volatile Instant lastLoopEnd;
  private volatile Instant lastSuccess;

  /**
   * @param loopThread   runs the iterations (one thread)
   * @param drainThreads runs the scale-down drains' passes
   */
  public AutoscalerService(AutoscalerSettings settings, ClusterView cluster, ClusterWriter writer,
      EventRecorder events, AutoscalerConfigMaps configMaps, NodeGroupProvider provider, NodeIdentity identity,
      IdentityMetrics identityMetrics, ScalingMetrics metrics, Clock clock, ScheduledExecutorService loopThread,
      ScheduledExecutorService drainThreads) {
    this.settings = settings;
    this.interrupted = new InterruptedNodes();
    this.metrics = metrics;
    this.clock = clock;
    this.loopThread = loopThread;
    this.cluster = cluster;
    this.writer = writer;
    this.health = new LoopHealth(settings.maxInactivity(), settings.maxFailingTime());
    NodeGroupProvider guarded = new LeadingOnlyNodeGroupProvider(new OwnedInstancesOnlyNodeGroupProvider(provider,
        identity), this::isLeading);
    Drainer drainer = new Drainer(cluster, writer, drainThreads, clock, settings.drainPollInterval(), () -> false,
        result -> { });
    ScaleDownActuator actuator = new ScaleDownActuator(writer, events, guarded, drainer,
        settings.maxPodEvictionTime(), settings.maxGracefulTermination(), metrics::scaledDown);
    this.loop = new AutoscalerLoop(settings, guarded, cluster, configMaps, events, interrupted, metrics,
        new UnneededNodes(writer), actuator, identity, new NodeLabeller(writer, identityMetrics));
  }

  /** Where the draining side reports nodes about to be interrupted. */
  public ImminentNodeLoss imminentNodeLoss() {
    return interrupted;
  }

  public boolean isLeading() {
    return leadingSince != null;
  }

  /**
   * For the liveness probe: false while leading when the loop has hung or kept failing (see
   * {@link LoopHealth}); the kubelet restarts the pod, as it restarts cluster-autoscaler.
   */
  public boolean live() {
    return health.healthy(clock.instant(), leadingSince, lastLoopEnd, lastSuccess);
  }

  /** When the last iteration ended, for a liveness probe; null before the first. */
  public Instant lastLoopEnd() {
    return lastLoopEnd;
  }

  public void startLeading() {
    LOG.info("leading the autoscaler; scanning every {}", GoDurations.format(settings.scanInterval()));
    leadingSince = clock.instant();
    loopThread.execute(this::cleanOrphanedTaints);
    ScheduledFuture<?> started = loopThread.scheduleWithFixedDelay(this::iterate, 0, settings.scanInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    ScheduledFuture<?> previous = running.getAndSet(started);
    if (previous != null) {
      previous.cancel(false);
    }
  }

  public void stopLeading() {
    leadingSince = null; // first: writes still in flight are refused from here on
    ScheduledFuture<?> future = running.getAndSet(null);
    if (future != null) {
      future.cancel(false);
      LOG.info("stopped leading the autoscaler");
    }
  }

  private void iterate() {
    long start = System.nanoTime();
    try {
      loop.runOnce(clock.instant());
      lastSuccess = clock.instant();
    } catch (LeadingOnlyNodeGroupProvider.NotLeadingException e) {
      LOG.info("iteration stopped: {}", e.getMessage());
    } catch (RuntimeException e) {
      // A failed iteration (an API error, a bad object) must not end the loop: log it, try again next scan.
      metrics.loopError();
      LOG.error("autoscaler iteration failed: {}", e.toString(), e);
    } finally {
      metrics.loopDuration(Duration.ofNanos(System.nanoTime() - start));
      lastLoopEnd = clock.instant();
    }
  }

  /**
   * Upstream cleans at start what a replica that died mid-removal left behind: the scale-down taints
   * on nodes no one is removing now (this replica has only begun to lead, so it removes none).
   */
  private void cleanOrphanedTaints() {
    for (Node node : cluster.nodes()) {
      for (Taint taint : node.taints()) {
        if (ORPHANED_TAINTS.contains(taint.key())) {
          try {
            writer.removeTaint(node.name(), taint.key());
            LOG.info("removed taint {} left on node {} by an earlier replica", taint.key(), node.name());
          } catch (RuntimeException e) {
            LOG.warn("removing the leftover taint {} of node {}: {}", taint.key(), node.name(), e.getMessage());
          }
        }
      }
    }
  }

  @Override
  public void close() {
    stopLeading();
  }
}
