package io.spotkube.runtime.ports;

import io.spotkube.runtime.draining.LifecycleAction;

/** Auto Scaling lifecycle action calls. */
public interface LifecycleActions {

  /** RecordLifecycleActionHeartbeat: keeps the hook from timing out while the node drains. */
  void heartbeat(LifecycleAction action);

  /** CompleteLifecycleAction with the given result ({@code CONTINUE} or {@code ABANDON}). */
  void complete(LifecycleAction action, String result);
}
