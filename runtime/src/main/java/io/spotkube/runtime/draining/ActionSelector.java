package io.spotkube.runtime.draining;

/**
 * The pure choice of what to do for one event (contract section 2's table), under the handler's
 * switches. No I/O: the same function serves the handler and {@code parse-event}.
 */
public final class ActionSelector {

  private final ActionPolicy policy;

  public ActionSelector(ActionPolicy policy) {
    this.policy = policy;
  }

  /** The selector with the contract's defaults. */
  public static ActionSelector defaults() {
    return new ActionSelector(ActionPolicy.defaults());
  }

  public DrainAction select(InterruptionEvent event) {
    DrainAction action = switch (event.kind()) {
      case SPOT_INTERRUPTION -> policy.spotInterruptionDraining() ? DrainAction.DRAIN : DrainAction.NONE;
      case CAPACITY_RESERVATION_INTERRUPTION, STATE_CHANGE -> DrainAction.DRAIN;
      case SCHEDULED_CHANGE -> policy.scheduledEventDraining() ? DrainAction.DRAIN : DrainAction.NONE;
      case REBALANCE_RECOMMENDATION -> policy.rebalanceDraining() ? DrainAction.DRAIN
          : policy.rebalanceMonitoring() ? DrainAction.CORDON : DrainAction.NONE;
      case ASG_TERMINATE -> DrainAction.DRAIN_AND_COMPLETE;
      case ASG_LAUNCH -> policy.completeLaunchLifecycle() ? DrainAction.COMPLETE_WHEN_READY : DrainAction.NONE;
      case IGNORED, INVALID -> DrainAction.NONE;
    };
    if (policy.cordonOnly()) {
      return switch (action) {
        case DRAIN -> DrainAction.CORDON;
        case DRAIN_AND_COMPLETE -> DrainAction.CORDON_AND_COMPLETE;
        default -> action;
      };
    }
    return action;
  }
}
