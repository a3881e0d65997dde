package io.spotkube.runtime.drain;

import io.spotkube.runtime.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which pods of a node to evict and with what grace period, as {@code kubectl drain
 * --ignore-daemonsets --delete-emptydir-data --force} would: pods that run per node (DaemonSet pods,
 * whose controller ignores cordons and would recreate them, and static pods' mirrors, which the API
 * cannot evict) stay; finished pods need nothing; every other pod, bare pods and pods with emptyDir
 * included, is evicted. Pure: the caller passes the time left.
 */
public final class DrainPlanner {

  /** Kubernetes' default when a pod does not set terminationGracePeriodSeconds. */
  static final long DEFAULT_POD_GRACE_SECONDS = 30;

  private final Long podGracePeriodOverride;
  private final Long maxGracePeriodSeconds;

  private DrainPlanner(Long podGracePeriodOverride, Long maxGracePeriodSeconds) {
    this.podGracePeriodOverride = podGracePeriodOverride;
    this.maxGracePeriodSeconds = maxGracePeriodSeconds;
  }

  /**
   * For a node that will be gone at the drain's deadline (an interruption): no pod may outlive it,
   * so grace periods are cut to the time left.
   *
   * @param podGracePeriodOverride grace period for every pod; null = each pod's own
   */
  public static DrainPlanner beforeNodeLoss(Long podGracePeriodOverride) {
    return new DrainPlanner(podGracePeriodOverride, null);
  }

  /**
   * For a node the autoscaler removes (upstream's {@code --max-graceful-termination-sec}): each pod's
   * own grace period, at most {@code maxGracePeriodSeconds}.
   */
  public static DrainPlanner forScaleDown(long maxGracePeriodSeconds) {
    return new DrainPlanner(null, maxGracePeriodSeconds);
  }

  public DrainPlan plan(List<Pod> pods, Duration timeLeft) {
    List<PodEviction> evictions = new ArrayList<>();
    List<Pod> skipped = new ArrayList<>();
    long cap = maxGracePeriodSeconds != null ? maxGracePeriodSeconds : Math.max(1, timeLeft.toSeconds());
    for (Pod pod : pods) {
      if (pod.finished()) {
        continue;
      }
      if (pod.runsPerNode()) {
        skipped.add(pod);
        continue;
      }
      long grace = podGracePeriodOverride != null ? podGracePeriodOverride
          : pod.terminationGracePeriodSeconds() != null ? pod.terminationGracePeriodSeconds() : DEFAULT_POD_GRACE_SECONDS;
      evictions.add(new PodEviction(pod, Math.min(grace, cap)));
    }
    return new DrainPlan(List.copyOf(evictions), List.copyOf(skipped));
  }

  /** One pod to evict. */
  public record PodEviction(Pod pod, long gracePeriodSeconds) {
  }

  /** The pods to evict (the drain is done when none is left) and those deliberately left running. */
  public record DrainPlan(List<PodEviction> evictions, List<Pod> skipped) {
  }
}
