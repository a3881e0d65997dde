package io.spotkube.runtime.draining.handler;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts events whose node is still to be cordoned. Evictions and Kubernetes Events give way while
 * any is pending: a cordon is one cheap write that keeps new pods off a doomed node, while evictions
 * wait out grace periods anyway, so in a burst (a Spot reclaim of a thousand nodes) the API server's
 * capacity goes to cordons first.
 */
final class CordonPriority {

  private final AtomicInteger pending = new AtomicInteger();

  void begin() {
    pending.incrementAndGet();
  }

  void end() {
    pending.decrementAndGet();
  }

  boolean cordonsPending() {
    return pending.get() > 0;
  }
}
