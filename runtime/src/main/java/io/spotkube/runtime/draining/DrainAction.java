package io.spotkube.runtime.draining;

/** What the handler does for one event; chosen by {@link ActionSelector}. */
public enum DrainAction {
  /** Taint (when configured), cordon and evict the node's pods. */
  DRAIN,
  /** Taint (when configured) and cordon only: no pod is evicted. */
  CORDON,
  /** Drain, then complete the terminating lifecycle action with CONTINUE. */
  DRAIN_AND_COMPLETE,
  /** Cordon only (cordon-only mode), then complete the terminating lifecycle action. */
  CORDON_AND_COMPLETE,
  /** Complete the launching lifecycle action once the node is Ready. */
  COMPLETE_WHEN_READY,
  /** Nothing to do; the message is deleted (or kept, as configured). */
  NONE;

  /** Whether the action cordons the node. */
  public boolean cordons() {
    return this == DRAIN || this == CORDON || this == DRAIN_AND_COMPLETE || this == CORDON_AND_COMPLETE;
  }

  /** Whether the action evicts pods. */
  public boolean evicts() {
    return this == DRAIN || this == DRAIN_AND_COMPLETE;
  }

  /** Whether the action ends with CompleteLifecycleAction. */
  public boolean completesLifecycle() {
    return this == DRAIN_AND_COMPLETE || this == CORDON_AND_COMPLETE || this == COMPLETE_WHEN_READY;
  }
}
