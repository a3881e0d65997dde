package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A received message held while its work lasts: its visibility is renewed every third of the
 * timeout, so a drain that outlasts the queue's visibility timeout (a node grace period, a
 * heartbeated lifecycle hook) is not handed to a second replica halfway through; it is deleted only
 * when every event's work succeeded or was set aside, else left to come back after its timeout. If
 * this replica dies, the renewals stop and the message returns within one timeout, as at-least-once
 * delivery needs.
 */
final class MessageLease {

  private static final Logger LOG = LoggerFactory.getLogger(MessageLease.class);

  /** Opens leases on one queue; the visibility timeout is resolved once and shared. */
  static final class Leases {

    private final InterruptionQueue queue;
    private final ScheduledExecutorService scheduler;
    private final Duration configuredTimeout;
    private final DrainingMetrics metrics;
    private final DrainingListener listener;
    private final AtomicReference<Duration> timeout = new AtomicReference<>();

    /** @param configuredTimeout the operator's visibility timeout; null = the queue's own, else SQS's 30 s */
    Leases(InterruptionQueue queue, ScheduledExecutorService scheduler, Duration configuredTimeout,
        DrainingMetrics metrics, DrainingListener listener) {
      this.queue = queue;
      this.scheduler = scheduler;
      this.configuredTimeout = configuredTimeout;
      this.metrics = metrics;
      this.listener = listener;
    }

    MessageLease open(QueueMessage message) {
      return new MessageLease(this, message);
    }

    private Duration timeout() {
      Duration known = timeout.get();
      if (known == null) {
        known = Optional.ofNullable(configuredTimeout).or(queue::visibilityTimeout).orElse(Duration.ofSeconds(30));
        if (timeout.compareAndSet(null, known)) {
          LOG.info("messages in work are kept hidden for {} s, renewed every third of it", known.toSeconds());
        }
      }
      return known;
    }
  }

  private final Leases leases;
  private final QueueMessage message;
  private final ScheduledFuture<?> renewal;

  private MessageLease(Leases leases, QueueMessage message) {
    this.leases = leases;
    this.message = message;
    Duration timeout = leases.timeout();
    long period = Math.max(100, timeout.toMillis() / 3);
    this.renewal = leases.scheduler.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    try {
      leases.queue.extendVisibility(message, leases.timeout());
      leases.metrics.visibilityExtensions.inc("ok");
    } catch (RuntimeException extendFailure) {
      leases.metrics.visibilityExtensions.inc("error");
      LOG.warn("{}", extendFailure.getMessage());
    }
  }

  /** Stops renewing, then deletes the message when every outcome allows it, else leaves it for a retry. */
  void release(List<EventOutcome> outcomes) {
    renewal.cancel(false);
    Optional<EventOutcome> blocking = outcomes.stream().filter(outcome -> !outcome.deletable()).findFirst();
    if (blocking.isPresent()) {
      leases.metrics.messagesKept.inc(blocking.get().reason());
      LOG.info("message {} kept for a retry after its visibility timeout: {}", message.messageId(),
          blocking.get().reason());
      return;
    }
    try {
      leases.queue.delete(message);
      leases.metrics.messagesDeleted.inc();
      leases.listener.messageDeleted(message.messageId());
    } catch (RuntimeException deleteFailure) {
      leases.metrics.messagesKept.inc("delete_failed");
      LOG.warn("message {}: {}", message.messageId(), deleteFailure.getMessage());
    }
  }

  /** Stops renewing and leaves the message to come back after its timeout. */
  void abandon() {
    renewal.cancel(false);
  }
}
