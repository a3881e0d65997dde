package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io} Lease, with client-go's and cluster-autoscaler's
 * timings (15 s lease, 10 s renew deadline, 2 s retry): one replica acts, the others wait.
 */
public final class LeaseLeaderElection implements AutoCloseable {

  static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(LeaseLeaderElection.class);

  private final CompletableFuture<?> election;

  private LeaseLeaderElection(CompletableFuture<?> election) {
    this.election = election;
  }

  /** Starts contending for {@code namespace/leaseName} as {@code identity}; returns at once. */
  public static LeaseLeaderElection start(KubernetesClient client, String namespace, String leaseName,
      String identity, Runnable startLeading, Runnable stopLeading) {
    return new LeaseLeaderElection(client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName(leaseName)
        .withLock(new LeaseLock(namespace, leaseName, identity))
        .withLeaseDuration(LEASE_DURATION)
        .withRenewDeadline(RENEW_DEADLINE)
        .withRetryPeriod(RETRY_PERIOD)
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(startLeading, stopLeading,
            leader -> LOG.info("leader of {}/{} is now {}", namespace, leaseName, leader)))
        .build()).build().start());
  }

  @Override
  public void close() {
    election.cancel(true);
  }
}
