package io.spotkube.runtime.draining;

/** The kinds of interruption message, as printed by {@code parse-event} (contract section 2). */
public enum InterruptionKind {
  SPOT_INTERRUPTION,
  REBALANCE_RECOMMENDATION,
  CAPACITY_RESERVATION_INTERRUPTION,
  STATE_CHANGE,
  SCHEDULED_CHANGE,
  ASG_TERMINATE,
  ASG_LAUNCH,
  /** A well-formed message that asks for nothing (a state change to running, a test notification...). */
  IGNORED,
  /** A body that is not JSON or not of any known shape: set aside, never an exception. */
  INVALID
}
