package io.spotkube.runtime.scaling.controller;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's health check of the autoscaler: while this replica leads, it is unhealthy when no
 * iteration has ended for {@code --max-inactivity} (a hung loop) or none has succeeded for
 * {@code --max-failing-time} (a loop failing every time); the kubelet's liveness probe then
 * restarts it. A replica that does not lead is healthy: it has nothing to do. Pure: times in.
 */
public record LoopHealth(Duration maxInactivity, Duration maxFailingTime) {

  /**
   * @param leadingSince when this replica began to lead; null when it does not
   * @param lastEnd      when the last iteration ended; null before the first
   * @param lastSuccess  when the last successful iteration ended; null before the first
   */
  public boolean healthy(Instant now, Instant leadingSince, Instant lastEnd, Instant lastSuccess) {
    if (leadingSince == null) {
      return true;
    }
    Instant activity = latest(leadingSince, lastEnd);
    Instant success = latest(leadingSince, lastSuccess);
    return Duration.between(activity, now).compareTo(maxInactivity) <= 0
        && Duration.between(success, now).compareTo(maxFailingTime) <= 0;
  }

  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
