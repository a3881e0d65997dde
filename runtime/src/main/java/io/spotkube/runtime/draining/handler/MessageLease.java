package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A received message held while its work lasts: its visibility is renewed before a third of the
 * timeout has passed (at the latest after half of it), so a drain that outlasts the queue's
 * visibility timeout (a node grace period, a heartbeated lifecycle hook) is not handed to a second
 * replica halfway through; it is deleted only when every event's work succeeded or was set aside,
 * else left to come back after its timeout. If this replica dies, the renewals stop and the message
 * returns within one timeout, as at-least-once delivery needs.
 */
final class MessageLease {

  private static final Logger LOG = LoggerFactory.getLogger(MessageLease.class);

  /**
   * Opens leases on one queue and renews them together: one ticker every sixth of the visibility
   * timeout renews, ten per SQS call, the leases hidden a third of the timeout ago or longer. (One
   * call per lease was a tenth of the handler's CPU with a thousand drains in work.)
   */
  static final class Leases {

    private final InterruptionQueue queue;
    private final ScheduledExecutorService scheduler;
    private final Duration configuredTimeout;
    private final DrainingMetrics metrics;
    private final DrainingListener listener;
    private final LongSupplier nanoTime;
    private final AtomicReference<Duration> timeout = new AtomicReference<>();
    private final Set<MessageLease> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ticking = new AtomicBoolean();

    /** @param configuredTimeout the operator's visibility timeout; null = the queue's own, else SQS's 30 s */
    Leases(InterruptionQueue queue, ScheduledExecutorService scheduler, Duration configuredTimeout,
        DrainingMetrics metrics, DrainingListener listener) {
      this(queue, scheduler, configuredTimeout, metrics, listener, System::nanoTime);
    }

    Leases(InterruptionQueue queue, ScheduledExecutorService scheduler, Duration configuredTimeout,
        DrainingMetrics metrics, DrainingListener listener, LongSupplier nanoTime) {
      this.queue = queue;
      this.scheduler = scheduler;
      this.configuredTimeout = configuredTimeout;
      this.metrics = metrics;
      this.listener = listener;
      this.nanoTime = nanoTime;
    }

    MessageLease open(QueueMessage message) {
      Duration hidden = timeout();
      MessageLease lease = new MessageLease(this, message, nanoTime.getAsLong());
      open.add(lease);
      if (ticking.compareAndSet(false, true)) {
        long period = Math.max(100, hidden.toMillis() / 6);
        scheduler.scheduleAtFixedRate(this::renewDue, period, period, TimeUnit.MILLISECONDS);
      }
      return lease;
    }

    /** Renews every open lease last hidden a third of the timeout ago or longer. */
    void renewDue() {
      Duration hidden = timeout();
      long now = nanoTime.getAsLong();
      long dueAfter = hidden.toNanos() / 3;
      List<MessageLease> due = open.stream().filter(lease -> now - lease.hiddenAt >= dueAfter).toList();
      if (due.isEmpty()) {
        return;
      }
      try {
        Set<QueueMessage> failed = Set.copyOf(queue.extendVisibility(
            due.stream().map(lease -> lease.message).toList(), hidden));
        for (MessageLease lease : due) {
          if (failed.contains(lease.message)) {
            metrics.visibilityExtensions.inc("error");
          } else {
            lease.hiddenAt = now;
            metrics.visibilityExtensions.inc("ok");
          }
        }
      } catch (RuntimeException renewalFailure) {
        due.forEach(lease -> metrics.visibilityExtensions.inc("error"));
        LOG.warn("renewing the visibility of {} messages: {}", due.size(), renewalFailure.getMessage());
      }
    }

    private Duration timeout() {
      Duration known = timeout.get();
      if (known == null) {
        known = Optional.ofNullable(configuredTimeout).or(queue::visibilityTimeout).orElse(Duration.ofSeconds(30));
        if (timeout.compareAndSet(null, known)) {
          LOG.info("messages in work are kept hidden for {} s, renewed after a third of it", known.toSeconds());
        }
      }
      return known;
    }
  }

  private final Leases leases;
  private final QueueMessage message;
  /** When the message was last made invisible for a full timeout (received or renewed), System.nanoTime. */
  private volatile long hiddenAt;

  private MessageLease(Leases leases, QueueMessage message, long receivedAt) {
    this.leases = leases;
    this.message = message;
    this.hiddenAt = receivedAt;
  }

  /** Stops renewing, then deletes the message when every outcome allows it, else leaves it for a retry. */
  void release(List<EventOutcome> outcomes) {
    leases.open.remove(this);
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
    leases.open.remove(this);
  }
}
