package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.ports.LifecycleActions;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** Auto Scaling CompleteLifecycleAction and RecordLifecycleActionHeartbeat. */
public final class AutoScalingLifecycleActions implements LifecycleActions {

  private final AutoScalingClient autoScaling;

  public AutoScalingLifecycleActions(AutoScalingClient autoScaling) {
    this.autoScaling = autoScaling;
  }

  @Override
  public void heartbeat(LifecycleAction action) {
    try {
      autoScaling.recordLifecycleActionHeartbeat(request -> request
          .autoScalingGroupName(action.autoScalingGroup())
          .lifecycleHookName(action.hookName())
          .lifecycleActionToken(action.token())
          .instanceId(action.instanceId()));
    } catch (SdkException e) {
      throw new AwsCallException("heartbeating lifecycle hook " + action.hookName() + " of group "
          + action.autoScalingGroup() + " for " + action.instanceId() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void complete(LifecycleAction action, String result) {
    try {
      autoScaling.completeLifecycleAction(request -> request
          .autoScalingGroupName(action.autoScalingGroup())
          .lifecycleHookName(action.hookName())
          .lifecycleActionToken(action.token())
          .instanceId(action.instanceId())
          .lifecycleActionResult(result));
    } catch (SdkException e) {
      throw new AwsCallException("completing lifecycle hook " + action.hookName() + " of group "
          + action.autoScalingGroup() + " for " + action.instanceId() + ": " + e.getMessage(), e);
    }
  }
}
