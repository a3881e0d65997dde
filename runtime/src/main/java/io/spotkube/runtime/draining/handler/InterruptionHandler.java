package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.draining.InterruptionEvent;
import io.spotkube.runtime.draining.InterruptionMessageParser;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.QueueMessage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one queue message: holds it under a {@link MessageLease}, parses it, asks EC2 about all
 * its instances at once (one batched DescribeInstances per message), hands each event to
 * the {@link EventActuator}, and releases the lease with the events' outcomes (deleted only when
 * every event's work succeeded or was set aside).
 */
final class InterruptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(InterruptionHandler.class);

  private final MessageLease.Leases leases;
  private final EventActuator actuator;
  private final Executor executor;
  private final DrainingMetrics metrics;
  private final InterruptionMessageParser parser = new InterruptionMessageParser();

  InterruptionHandler(MessageLease.Leases leases, EventActuator actuator, Executor executor, DrainingMetrics metrics) {
    this.leases = leases;
    this.actuator = actuator;
    this.executor = executor;
    this.metrics = metrics;
  }

  /** Completes when the message is deleted or deliberately kept; never completes exceptionally. */
  CompletableFuture<Void> handle(QueueMessage message) {
    metrics.messagesReceived.inc();
    MessageLease lease = leases.open(message);
    List<InterruptionEvent> events = parser.parse(message.body());
    // One batched EC2 lookup for every instance the message names, not one per event.
    Set<String> instanceIds = new LinkedHashSet<>();
    events.stream().filter(actuator::acts).forEach(event -> event.instanceId().ifPresent(instanceIds::add));
    CompletableFuture<Map<String, InstanceInfo>> instances = instanceIds.isEmpty()
        ? CompletableFuture.completedFuture(Map.of())
        : CompletableFuture.supplyAsync(() -> actuator.lookup(instanceIds), executor);
    List<CompletableFuture<EventOutcome>> outcomes = events.stream()
        .map(event -> actuator.handle(event, message, instances).exceptionally(failure -> {
          LOG.warn("message {}: {} for instance {} failed, the message stays for a retry: {}", message.messageId(),
              event.kind(), event.instanceId().orElse("-"), rootMessage(failure));
          return EventOutcome.retry("error");
        }))
        .toList();
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> lease.release(outcomes.stream().map(CompletableFuture::join).toList()), executor)
        .exceptionally(failure -> {
          lease.abandon();
          LOG.warn("message {}: {}", message.messageId(), rootMessage(failure));
          return null;
        });
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause != cause.getCause()) {
      cause = cause.getCause();
    }
    // Failure texts may quote message fields (a group or hook name AWS refused): escaped, bounded.
    return EventActuator.loggable(cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }
}
