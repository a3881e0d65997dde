package io.spotkube.runtime.scaling.controller;

import io.spotkube.contract.GoDurations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.runtime.adapters.aws.AutoScalingNodeGroupProvider;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ScalingActions;
import io.spotkube.runtime.adapters.kubernetes.InformerClusterState;
import io.spotkube.runtime.ports.ImminentNodeLoss;
import io.spotkube.runtime.ports.NodeGroupProvider;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The autoscaler as a service for {@code run}: informers, leader election on a Lease (one active
 * replica, as upstream) and, while leading, {@link AutoscalerLoop} every {@code --scan-interval}.
 * A failed iteration is logged and counted; the next one starts on time.
 *
 * <p>Wiring: {@link #create} builds it from flags, a fabric8 client and AWS SDK clients;
 * {@link #imminentNodeLoss()} is what the draining side reports interruptions to.
 */
public final class AutoscalerService implements AutoCloseable {

  static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  private static final System.Logger LOG = System.getLogger(AutoscalerService.class.getName());

  private final AutoscalerSettings settings;
  private final KubernetesClient client;
  private final InformerClusterState clusterState;
  private final Fabric8ScalingActions actions;
  private final AutoscalerLoop loop;
  private final InterruptedNodes interrupted;
  private final ScalingMetrics metrics;
  private final Clock clock;
  private final String identity;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "autoscaler-loop");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicReference<ScheduledFuture<?>> running = new AtomicReference<>();
  private CompletableFuture<?> election;
  private volatile Instant lastLoopEnd;

  public AutoscalerService(AutoscalerSettings settings, KubernetesClient client, NodeGroupProvider provider,
      ScalingMetrics metrics, Clock clock, String identity) {
    this.settings = settings;
    this.client = client;
    this.clusterState = new InformerClusterState(client, settings.namespace(), settings.priorityConfigMap());
    this.interrupted = new InterruptedNodes();
    this.metrics = metrics;
    this.clock = clock;
    this.identity = identity;
    this.actions = new Fabric8ScalingActions(client, settings.namespace(), settings.statusConfigMap(), clock);
    this.loop = new AutoscalerLoop(settings, provider, clusterState, actions, interrupted, metrics);
  }

  /** The production wiring: Auto Scaling and EC2 through the AWS SDK, the bundled catalog. */
  public static AutoscalerService create(AutoscalerSettings settings, KubernetesClient client,
      AutoScalingClient autoScaling, Ec2Client ec2, ScalingMetrics metrics, String identity) {
    NodeGroupProvider provider = new AutoScalingNodeGroupProvider(autoScaling, ec2, settings.clusterName(),
        settings.region(), InstanceTypeCatalog.bundled());
    return new AutoscalerService(settings, client, provider, metrics, Clock.systemUTC(), identity);
  }

  /** Where the draining side reports nodes about to be interrupted. */
  public ImminentNodeLoss imminentNodeLoss() {
    return interrupted;
  }

  /** Starts the informers (waiting for their first sync) and the leader election; returns at once after. */
  public void start() {
    clusterState.start();
    election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName("spotkube-autoscaler")
        .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), identity))
        .withLeaseDuration(LEASE_DURATION)
        .withRenewDeadline(RENEW_DEADLINE)
        .withRetryPeriod(RETRY_PERIOD)
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
            leader -> LOG.log(Level.INFO, "autoscaler leader is now {0}", leader)))
        .build()).build().start();
  }

  public boolean isLeading() {
    return running.get() != null;
  }

  /** When the last iteration ended, for a liveness probe; null before the first. */
  public Instant lastLoopEnd() {
    return lastLoopEnd;
  }

  private void startLeading() {
    LOG.log(Level.INFO, "{0} leads the autoscaler; scanning every {1}", identity,
        GoDurations.format(settings.scanInterval()));
    running.set(executor.scheduleWithFixedDelay(this::iterate, 0, settings.scanInterval().toMillis(),
        TimeUnit.MILLISECONDS));
  }

  private void stopLeading() {
    ScheduledFuture<?> future = running.getAndSet(null);
    if (future != null) {
      future.cancel(false);
      LOG.log(Level.INFO, "{0} stopped leading the autoscaler", identity);
    }
  }

  private void iterate() {
    long start = System.nanoTime();
    try {
      loop.runOnce(clock.instant());
    } catch (RuntimeException e) {
      // A failed iteration (an API error, a bad object) must not end the loop: log it, try again next scan.
      metrics.loopError();
      LOG.log(Level.ERROR, "autoscaler iteration failed: " + e, e);
    } finally {
      metrics.loopDuration(Duration.ofNanos(System.nanoTime() - start));
      lastLoopEnd = clock.instant();
    }
  }

  @Override
  public void close() {
    stopLeading();
    if (election != null) {
      election.cancel(true);
    }
    executor.shutdownNow();
    clusterState.close();
    actions.close();
  }
}
