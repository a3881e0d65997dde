package io.spotkube.runtime.draining.handler;

import java.time.Duration;
import java.util.List;

/**
 * How one node's drain ended.
 *
 * @param drained every evictable pod is gone
 * @param remainingPods namespace/name of the pods still there when the grace period ended
 */
public record DrainOutcome(String nodeName, boolean drained, List<String> remainingPods, Duration took) {

  public DrainOutcome {
    remainingPods = List.copyOf(remainingPods);
  }
}
