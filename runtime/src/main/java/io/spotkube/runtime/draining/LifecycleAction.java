package io.spotkube.runtime.draining;

import java.util.Objects;

/**
 * The identity of one pending Auto Scaling lifecycle action: what CompleteLifecycleAction and
 * RecordLifecycleActionHeartbeat need.
 */
public record LifecycleAction(String autoScalingGroup, String hookName, String token, String instanceId) {

  public LifecycleAction {
    Objects.requireNonNull(autoScalingGroup, "autoScalingGroup");
    Objects.requireNonNull(hookName, "hookName");
    Objects.requireNonNull(instanceId, "instanceId");
    // token may be null: CompleteLifecycleAction accepts the instance id instead.
  }
}
