package io.spotkube.runtime.draining;

import io.spotkube.runtime.ports.PodInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which pods of a node to evict and with what grace period, as {@code kubectl drain
 * --ignore-daemonsets --delete-emptydir-data --force} would: DaemonSet pods (their controller
 * ignores cordons and would recreate them) and mirror pods (the API cannot evict them) stay;
 * finished pods need nothing; every other pod, bare pods and pods with emptyDir included, is evicted.
 * Pure: the caller passes the time left.
 */
public final class DrainPlanner {

  /** Kubernetes' default when a pod does not set terminationGracePeriodSeconds. */
  static final long DEFAULT_POD_GRACE_SECONDS = 30;

  private final Long podGracePeriodOverride;

  /** @param podGracePeriodOverride grace period for every pod; null = each pod's own */
  public DrainPlanner(Long podGracePeriodOverride) {
    this.podGracePeriodOverride = podGracePeriodOverride;
  }

  public DrainPlan plan(List<PodInfo> pods, Duration timeLeft) {
    List<PodEviction> evictions = new ArrayList<>();
    List<PodInfo> skipped = new ArrayList<>();
    long secondsLeft = Math.max(1, timeLeft.toSeconds());
    for (PodInfo pod : pods) {
      if (pod.finished()) {
        continue;
      }
      if (pod.mirror() || "DaemonSet".equals(pod.ownerKind())) {
        skipped.add(pod);
        continue;
      }
      long grace = podGracePeriodOverride != null ? podGracePeriodOverride
          : pod.terminationGracePeriodSeconds() != null ? pod.terminationGracePeriodSeconds() : DEFAULT_POD_GRACE_SECONDS;
      // A pod may not outlive the node's grace period: the instance is gone after it anyway.
      evictions.add(new PodEviction(pod, Math.min(grace, secondsLeft)));
    }
    return new DrainPlan(List.copyOf(evictions), List.copyOf(skipped));
  }

  /** One pod to evict. */
  public record PodEviction(PodInfo pod, long gracePeriodSeconds) {
  }

  /** The pods to evict (the drain is done when none is left) and those deliberately left running. */
  public record DrainPlan(List<PodEviction> evictions, List<PodInfo> skipped) {
  }
}
