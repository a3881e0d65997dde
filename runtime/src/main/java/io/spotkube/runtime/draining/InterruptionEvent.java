package io.spotkube.runtime.draining;

import java.time.Instant;
import java.util.Optional;

/**
 * One normalized interruption event. A queue message yields one or more of these (an AWS Health
 * event lists several instances). Callers switch on the record type or on {@link #kind()}; the
 * hierarchy is sealed so no downcast is ever needed.
 */
public sealed interface InterruptionEvent
    permits InterruptionEvent.SpotInterruption, InterruptionEvent.RebalanceRecommendation,
    InterruptionEvent.CapacityReservationInterruption, InterruptionEvent.StateChange,
    InterruptionEvent.ScheduledChange, InterruptionEvent.AsgTerminate, InterruptionEvent.AsgLaunch,
    InterruptionEvent.Ignored, InterruptionEvent.Invalid {

  InterruptionKind kind();

  /** The EC2 instance the event is about, when there is one. */
  Optional<String> instanceId();

  /** The id of the message (EventBridge {@code id}, Auto Scaling {@code RequestId}), when present. */
  Optional<String> eventId();

  /** When the event says it starts, when it says so. */
  Optional<Instant> startTime();

  /** The lifecycle action to heartbeat and complete, for Auto Scaling lifecycle events. */
  default Optional<LifecycleAction> lifecycleAction() {
    return Optional.empty();
  }

  /** The facts every event about one instance carries. */
  record Envelope(String instanceId, String eventId, Instant startTime) {
    public Envelope {
      java.util.Objects.requireNonNull(instanceId, "instanceId");
    }
  }

  /** EventBridge "EC2 Spot Instance Interruption Warning": reclaimed in two minutes. */
  record SpotInterruption(Envelope envelope, String instanceAction) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.SPOT_INTERRUPTION; }
    @Override public Optional<String> instanceId() { return Optional.of(envelope.instanceId()); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(envelope.eventId()); }
    @Override public Optional<Instant> startTime() { return Optional.ofNullable(envelope.startTime()); }
  }

  /** EventBridge "EC2 Instance Rebalance Recommendation": elevated risk of interruption. */
  record RebalanceRecommendation(Envelope envelope) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.REBALANCE_RECOMMENDATION; }
    @Override public Optional<String> instanceId() { return Optional.of(envelope.instanceId()); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(envelope.eventId()); }
    @Override public Optional<Instant> startTime() { return Optional.ofNullable(envelope.startTime()); }
  }

  /** EventBridge "EC2 Capacity Reservation Instance Interruption Warning". */
  record CapacityReservationInterruption(Envelope envelope, String instanceAction) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.CAPACITY_RESERVATION_INTERRUPTION; }
    @Override public Optional<String> instanceId() { return Optional.of(envelope.instanceId()); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(envelope.eventId()); }
    @Override public Optional<Instant> startTime() { return Optional.ofNullable(envelope.startTime()); }
  }

  /** EventBridge "EC2 Instance State-change Notification" to stopping, stopped, shutting-down or terminated. */
  record StateChange(Envelope envelope, String state) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.STATE_CHANGE; }
    @Override public Optional<String> instanceId() { return Optional.of(envelope.instanceId()); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(envelope.eventId()); }
    @Override public Optional<Instant> startTime() { return Optional.ofNullable(envelope.startTime()); }
  }

  /** One affected instance of an AWS Health scheduledChange event for EC2 (retirement, maintenance). */
  record ScheduledChange(Envelope envelope, String eventTypeCode) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.SCHEDULED_CHANGE; }
    @Override public Optional<String> instanceId() { return Optional.of(envelope.instanceId()); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(envelope.eventId()); }
    @Override public Optional<Instant> startTime() { return Optional.ofNullable(envelope.startTime()); }
  }

  /** Auto Scaling lifecycle transition {@code autoscaling:EC2_INSTANCE_TERMINATING}. */
  record AsgTerminate(Envelope envelope, LifecycleAction action) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.ASG_TERMINATE; }
    @Override public Optional<String> instanceId() { return Optional.of(envelope.instanceId()); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(envelope.eventId()); }
    @Override public Optional<Instant> startTime() { return Optional.ofNullable(envelope.startTime()); }
    @Override public Optional<LifecycleAction> lifecycleAction() { return Optional.of(action); }
  }

  /** Auto Scaling lifecycle transition {@code autoscaling:EC2_INSTANCE_LAUNCHING}. */
  record AsgLaunch(Envelope envelope, LifecycleAction action) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.ASG_LAUNCH; }
    @Override public Optional<String> instanceId() { return Optional.of(envelope.instanceId()); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(envelope.eventId()); }
    @Override public Optional<Instant> startTime() { return Optional.ofNullable(envelope.startTime()); }
    @Override public Optional<LifecycleAction> lifecycleAction() { return Optional.of(action); }
  }

  /** A well-formed message that needs no action; {@code reason} says why. */
  record Ignored(String instance, String event, String reason) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.IGNORED; }
    @Override public Optional<String> instanceId() { return Optional.ofNullable(instance); }
    @Override public Optional<String> eventId() { return Optional.ofNullable(event); }
    @Override public Optional<Instant> startTime() { return Optional.empty(); }
  }

  /** A body of no known shape; {@code error} names the field or says what is wrong. */
  record Invalid(String error) implements InterruptionEvent {
    @Override public InterruptionKind kind() { return InterruptionKind.INVALID; }
    @Override public Optional<String> instanceId() { return Optional.empty(); }
    @Override public Optional<String> eventId() { return Optional.empty(); }
    @Override public Optional<Instant> startTime() { return Optional.empty(); }
  }
}
