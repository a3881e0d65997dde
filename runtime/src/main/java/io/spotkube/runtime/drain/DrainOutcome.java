package io.spotkube.runtime.drain;

import java.time.Duration;
import java.util.List;

/**
 * How one node's drain ended.
 *
 * @param drained every evictable pod is gone
 * @param remainingPods namespace/name of the pods still there when the deadline came
 * @param refusedPods those of them whose eviction was never accepted (a PodDisruptionBudget, an
 *     error): the others are terminating and only slow to go
 */
public record DrainOutcome(String nodeName, boolean drained, List<String> remainingPods, List<String> refusedPods,
    Duration took) {

  public DrainOutcome {
    remainingPods = List.copyOf(remainingPods);
    refusedPods = List.copyOf(refusedPods);
  }
}
