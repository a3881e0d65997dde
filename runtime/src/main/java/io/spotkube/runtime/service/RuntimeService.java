package io.spotkube.runtime.service;

/**
 * One long-running part of {@code run} (the draining service, the scaling loop ...). {@code run}
 * starts each, reports readiness as all of them ready, and stops them in reverse order.
 */
public interface RuntimeService extends AutoCloseable {

  String name();

  /** Starts the service's threads and returns. */
  void start();

  /** Whether the service is started and working (for {@code /readyz}). */
  boolean ready();

  /** Whether the service still makes progress (for {@code /healthz}); false makes the kubelet restart the pod. */
  default boolean live() {
    return true;
  }

  /** Stops the threads; work in progress is abandoned and left to the queue's redelivery. */
  @Override
  void close();
}
