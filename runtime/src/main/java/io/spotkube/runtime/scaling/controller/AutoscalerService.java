package io.spotkube.runtime.scaling.controller;

import io.spotkube.contract.GoDurations;
import io.spotkube.runtime.drain.Drainer;
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

  private final AutoscalerSettings settings;
  private final AutoscalerLoop loop;
  private final InterruptedNodes interrupted;
  private final ScalingMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService loopThread;
  private final AtomicReference<ScheduledFuture<?>> running = new AtomicReference<>();
  private volatile Instant lastLoopEnd;

  /**
   * @param loopThread   runs the iterations (one thread)
   * @param drainThreads runs the scale-down drains' passes
   */
  public AutoscalerService(AutoscalerSettings settings, ClusterView cluster, ClusterWriter writer,
      EventRecorder events, AutoscalerConfigMaps configMaps, NodeGroupProvider provider, ScalingMetrics metrics,
      Clock clock, ScheduledExecutorService loopThread, ScheduledExecutorService drainThreads) {
    this.settings = settings;
    this.interrupted = new InterruptedNodes();
    this.metrics = metrics;
    this.clock = clock;
    this.loopThread = loopThread;
    Drainer drainer = new Drainer(cluster, writer, drainThreads, clock, settings.drainPollInterval(), () -> false,
        result -> { });
    ScaleDownActuator actuator = new ScaleDownActuator(writer, events, provider, drainer,
        settings.maxPodEvictionTime(), settings.maxGracefulTermination(), metrics::scaledDown);
    this.loop = new AutoscalerLoop(settings, provider, cluster, configMaps, events, interrupted, metrics,
        new UnneededNodes(writer), actuator);
  }

  /** Where the draining side reports nodes about to be interrupted. */
  public ImminentNodeLoss imminentNodeLoss() {
    return interrupted;
  }

  public boolean isLeading() {
    return running.get() != null;
  }

  /** When the last iteration ended, for a liveness probe; null before the first. */
  public Instant lastLoopEnd() {
    return lastLoopEnd;
  }

  public void startLeading() {
    LOG.info("leading the autoscaler; scanning every {}", GoDurations.format(settings.scanInterval()));
    ScheduledFuture<?> started = loopThread.scheduleWithFixedDelay(this::iterate, 0, settings.scanInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    ScheduledFuture<?> previous = running.getAndSet(started);
    if (previous != null) {
      previous.cancel(false);
    }
  }

  public void stopLeading() {
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
    } catch (RuntimeException e) {
      // A failed iteration (an API error, a bad object) must not end the loop: log it, try again next scan.
      metrics.loopError();
      LOG.error("autoscaler iteration failed: {}", e.toString(), e);
    } finally {
      metrics.loopDuration(Duration.ofNanos(System.nanoTime() - start));
      lastLoopEnd = clock.instant();
    }
  }

  @Override
  public void close() {
    stopLeading();
  }
}
