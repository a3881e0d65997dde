package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.ports.LifecycleActions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake port that records lifecycle calls, for the handler tests that are about Kubernetes and SQS.
 * The AWS adapter itself is tested against moto (see AutoScalingLifecycleActionsTest).
 */
final class RecordingLifecycleActions implements LifecycleActions {

  final List<LifecycleAction> completed = new CopyOnWriteArrayList<>();
  final List<LifecycleAction> heartbeats = new CopyOnWriteArrayList<>();

  @Override
  public void heartbeat(LifecycleAction action) {
    heartbeats.add(action);
  }

  @Override
  public void complete(LifecycleAction action, String result) {
    completed.add(action);
  }
}
