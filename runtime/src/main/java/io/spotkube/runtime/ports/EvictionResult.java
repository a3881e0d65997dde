package io.spotkube.runtime.ports;

/** The answer of the Eviction API for one pod. */
public enum EvictionResult {
  /** Accepted: the pod is being deleted with its grace period. */
  EVICTED,
  /** 429: a PodDisruptionBudget does not allow it now; try again later. */
  BLOCKED,
  /** 404: the pod is already gone. */
  GONE
}
