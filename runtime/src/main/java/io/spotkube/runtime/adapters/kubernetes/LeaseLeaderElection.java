package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io} Lease, with client-go's and cluster-autoscaler's
 * timings (15 s lease, 10 s renew deadline, 2 s retry): one replica acts, the others wait.
 *
 * <p>Two things fabric8's elector does not do on its own: after losing the lease it stops for good
 * (here the replica contends again, so two blips cannot leave no replica scaling), and its
 * requests use the client's timeouts and retries, which can outlast the lease (here the Lease is
 * read and written by a client whose every request ends within {@link #REQUEST_TIMEOUT}, without
 * retries: a renewal that cannot finish within the renew deadline is a lost lease, not a late one).
 */
public final class LeaseLeaderElection implements AutoCloseable {

  static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);

  private static final Logger LOG = LoggerFactory.getLogger(LeaseLeaderElection.class);

  private final KubernetesClient leaseClient;
  private final LeaderElectionConfig config;
  private final String lease;
  private final ScheduledExecutorService recontend = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "leader-election");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean closed;
  private volatile CompletableFuture<?> election;

  private LeaseLeaderElection(KubernetesClient client, String namespace, String leaseName, String identity,
      Runnable startLeading, Runnable stopLeading) {
    this.leaseClient = client.newClient(new RequestConfigBuilder()
        .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
        .withRequestRetryBackoffLimit(0)
        .build()).adapt(KubernetesClient.class);
    this.lease = namespace + "/" + leaseName;
    this.config = new LeaderElectionConfigBuilder()
        .withName(leaseName)
        .withLock(new LeaseLock(namespace, leaseName, identity))
        .withLeaseDuration(LEASE_DURATION)
        .withRenewDeadline(RENEW_DEADLINE)
        .withRetryPeriod(RETRY_PERIOD)
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(startLeading, stopLeading,
            leader -> LOG.info("leader of {} is now {}", lease, leader)))
        .build();
  }

  /** Starts contending for {@code namespace/leaseName} as {@code identity}; returns at once. */
  public static LeaseLeaderElection start(KubernetesClient client, String namespace, String leaseName,
      String identity, Runnable startLeading, Runnable stopLeading) {
    LeaseLeaderElection election = new LeaseLeaderElection(client, namespace, leaseName, identity, startLeading,
        stopLeading);
    election.contend();
    return election;
  }

  private void contend() {
    if (closed) {
      return;
    }
    CompletableFuture<?> started = leaseClient.leaderElector().withConfig(config).build().start();
    election = started;
    // The future ends when this replica loses the lease (or the elector fails): contend again.
    started.whenComplete((unused, failure) -> {
      if (!closed) {
        LOG.warn("left the election of {} ({}); contending again in {} s", lease,
            failure == null ? "lease lost" : failure.toString(), RETRY_PERIOD.toSeconds());
        recontend.schedule(this::contend, RETRY_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> current = election;
    if (current != null) {
      current.cancel(true);
    }
    recontend.shutdownNow();
  }
}
