package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.observability.Counter;
import io.spotkube.runtime.observability.Histogram;
import io.spotkube.runtime.observability.MetricsRegistry;

/** The handler's metrics, registered once in the shared registry. */
public final class DrainingMetrics {

  final Counter messagesReceived;
  final Counter messagesDeleted;
  final Counter messagesKept;
  final Counter messagesSetAside;
  final Counter events;
  final Counter actions;
  final Counter evictions;
  final Counter drainTimeouts;
  final Counter receiveErrors;
  final Counter lifecycleCalls;
  final Counter webhookFailures;
  final Counter visibilityExtensions;
  final Histogram messageToCordon;
  final Histogram drainDuration;

  public DrainingMetrics(MetricsRegistry registry) {
    messagesReceived = registry.counter("spotkube_draining_messages_received_total", "Queue messages received.");
    messagesDeleted = registry.counter("spotkube_draining_messages_deleted_total",
        "Queue messages deleted after their work succeeded or when set aside.");
    messagesKept = registry.counter("spotkube_draining_messages_kept_total",
        "Queue messages left in the queue to be retried after their visibility timeout, by reason.", "reason");
    messagesSetAside = registry.counter("spotkube_draining_messages_set_aside_total",
        "Messages needing no work: invalid, ignored, not ours, node not found.", "reason");
    events = registry.counter("spotkube_draining_events_total", "Interruption events parsed, by kind.", "kind");
    actions = registry.counter("spotkube_draining_actions_total", "Actions taken, by action and result.",
        "action", "result");
    evictions = registry.counter("spotkube_draining_evictions_total", "Eviction API calls, by result.", "result");
    drainTimeouts = registry.counter("spotkube_draining_drain_timeouts_total",
        "Drains that reached the node grace period with pods left (the node stays cordoned).");
    receiveErrors = registry.counter("spotkube_draining_receive_errors_total", "Failed queue receives.");
    lifecycleCalls = registry.counter("spotkube_draining_lifecycle_calls_total",
        "Auto Scaling lifecycle calls, by call and result.", "call", "result");
    webhookFailures = registry.counter("spotkube_draining_webhook_failures_total", "Webhook posts that failed.");
    visibilityExtensions = registry.counter("spotkube_draining_visibility_extensions_total",
        "ChangeMessageVisibility calls keeping a message in work hidden from other consumers, by result.", "result");
    messageToCordon = registry.histogram("spotkube_draining_message_to_cordon_seconds",
        "From the message's arrival in the queue to the node cordoned.", MetricsRegistry.SECONDS_BUCKETS);
    drainDuration = registry.histogram("spotkube_draining_drain_duration_seconds",
        "From the start of a drain to its end (drained or timed out).", MetricsRegistry.SECONDS_BUCKETS);
  }

  /** Drains that reached the node grace period. */
  public long drainTimeouts() {
    return drainTimeouts.value();
  }

  /** Successful visibility extensions of messages in work. */
  public long visibilityExtensions() {
    return visibilityExtensions.value("ok");
  }

  public long messagesReceived() {
    return messagesReceived.value();
  }

  public long messagesDeleted() {
    return messagesDeleted.value();
  }

  public long setAside(String reason) {
    return messagesSetAside.value(reason);
  }
}
