package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.LifecycleActions;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** Auto Scaling CompleteLifecycleAction and RecordLifecycleActionHeartbeat. */
public final class AutoScalingLifecycleActions implements LifecycleActions {

  private final AutoScalingClient autoScaling;
  private final CallTimer timer;

  public AutoScalingLifecycleActions(AutoScalingClient autoScaling) {
    this(autoScaling, CallTimer.NONE);
  }

  public AutoScalingLifecycleActions(AutoScalingClient autoScaling, CallTimer timer) {
    this.autoScaling = autoScaling;
    this.timer = timer;
  }

  @Override
  public void heartbeat(LifecycleAction action) {
    try {
      timer.time("autoscaling.RecordLifecycleActionHeartbeat", () -> autoScaling.recordLifecycleActionHeartbeat(
          request -> request
              .autoScalingGroupName(action.autoScalingGroup())
              .lifecycleHookName(action.hookName())
              .lifecycleActionToken(action.token())
              .instanceId(action.instanceId())));
    } catch (SdkException e) {
      throw new AwsCallException("heartbeating lifecycle hook " + action.hookName() + " of group "
          + action.autoScalingGroup() + " for " + action.instanceId() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void complete(LifecycleAction action, String result) {
    try {
      timer.time("autoscaling.CompleteLifecycleAction", () -> autoScaling.completeLifecycleAction(request -> request
          .autoScalingGroupName(action.autoScalingGroup())
          .lifecycleHookName(action.hookName())
          .lifecycleActionToken(action.token())
          .instanceId(action.instanceId())
          .lifecycleActionResult(result)));
    } catch (SdkException e) {
      throw new AwsCallException("completing lifecycle hook " + action.hookName() + " of group "
          + action.autoScalingGroup() + " for " + action.instanceId() + ": " + e.getMessage(), e);
    }
  }
}
