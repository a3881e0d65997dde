package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.LifecycleActions;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** Auto Scaling CompleteLifecycleAction and RecordLifecycleActionHeartbeat. */
public final class AutoScalingLifecycleActions implements LifecycleActions {

  private final AutoScalingClient autoScaling;
  private final AwsCalls calls;

  public AutoScalingLifecycleActions(AutoScalingClient autoScaling) {
    this(autoScaling, CallTimer.NONE);
  }

  public AutoScalingLifecycleActions(AutoScalingClient autoScaling, CallTimer timer) {
    this.autoScaling = autoScaling;
    this.calls = new AwsCalls(timer);
  }

  @Override
  public void heartbeat(LifecycleAction action) {
    calls.call("autoscaling.RecordLifecycleActionHeartbeat", () -> "heartbeating " + describe(action),
        () -> autoScaling.recordLifecycleActionHeartbeat(request -> request
            .autoScalingGroupName(action.autoScalingGroup())
            .lifecycleHookName(action.hookName())
            .lifecycleActionToken(action.token())
            .instanceId(action.instanceId())));
  }

  @Override
  public void complete(LifecycleAction action, String result) {
    calls.call("autoscaling.CompleteLifecycleAction", () -> "completing " + describe(action),
        () -> autoScaling.completeLifecycleAction(request -> request
            .autoScalingGroupName(action.autoScalingGroup())
            .lifecycleHookName(action.hookName())
            .lifecycleActionToken(action.token())
            .instanceId(action.instanceId())
            .lifecycleActionResult(result)));
  }

  private static String describe(LifecycleAction action) {
    return "lifecycle hook " + action.hookName() + " of group " + action.autoScalingGroup() + " for "
        + action.instanceId();
  }
}
