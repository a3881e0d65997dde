package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.ports.ImminentNodeLoss;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Nodes the draining side reported as about to be lost ("replacement before loss"). Thread-safe:
 * the draining side reports from its threads, the loop reads. An entry lasts until a while after
 * the expected loss, so a node that survives (a cancelled rebalance) is not held forever.
 */
public final class InterruptedNodes implements ImminentNodeLoss {

  static final Duration KEEP_AFTER_EXPECTED_LOSS = Duration.ofMinutes(5);

  private final Map<String, Instant> expectedLoss = new ConcurrentHashMap<>();

  @Override
  public void nodeWillBeLost(String nodeName, Instant expectedAt) {
    expectedLoss.merge(nodeName, expectedAt, (old, fresh) -> old.isBefore(fresh) ? old : fresh);
  }

  /** Node names still expected to go at {@code now}; forgets entries past their time. */
  Set<String> current(Instant now) {
    expectedLoss.entrySet().removeIf(entry -> now.isAfter(entry.getValue().plus(KEEP_AFTER_EXPECTED_LOSS)));
    return expectedLoss.keySet().stream().collect(Collectors.toUnmodifiableSet());
  }
}
