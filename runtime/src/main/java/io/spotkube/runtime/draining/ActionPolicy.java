package io.spotkube.runtime.draining;

/**
 * The switches that change {@link ActionSelector}'s answer (upstream names in brackets).
 *
 * @param spotInterruptionDraining drain on a Spot interruption warning [ENABLE_SPOT_INTERRUPTION_DRAINING]; default true
 * @param scheduledEventDraining drain on an AWS Health scheduled change [ENABLE_SCHEDULED_EVENT_DRAINING]; default true
 * @param rebalanceMonitoring cordon on a rebalance recommendation [ENABLE_REBALANCE_MONITORING]; default true
 * @param rebalanceDraining drain (not only cordon) on a rebalance recommendation [ENABLE_REBALANCE_DRAINING]; default false
 * @param cordonOnly never evict: every drain becomes a cordon [CORDON_ONLY]; default false
 * @param completeLaunchLifecycle complete launching lifecycle actions once the node is Ready; default true
 */
public record ActionPolicy(boolean spotInterruptionDraining, boolean scheduledEventDraining,
    boolean rebalanceMonitoring, boolean rebalanceDraining, boolean cordonOnly, boolean completeLaunchLifecycle) {

  public static ActionPolicy defaults() {
    return new ActionPolicy(true, true, true, false, false, true);
  }

  public ActionPolicy withRebalanceDraining(boolean value) {
    return new ActionPolicy(spotInterruptionDraining, scheduledEventDraining, rebalanceMonitoring, value, cordonOnly,
        completeLaunchLifecycle);
  }

  public ActionPolicy withCordonOnly(boolean value) {
    return new ActionPolicy(spotInterruptionDraining, scheduledEventDraining, rebalanceMonitoring, rebalanceDraining,
        value, completeLaunchLifecycle);
  }

  public ActionPolicy withRebalanceMonitoring(boolean value) {
    return new ActionPolicy(spotInterruptionDraining, scheduledEventDraining, value, rebalanceDraining, cordonOnly,
        completeLaunchLifecycle);
  }

  public ActionPolicy withSpotInterruptionDraining(boolean value) {
    return new ActionPolicy(value, scheduledEventDraining, rebalanceMonitoring, rebalanceDraining, cordonOnly,
        completeLaunchLifecycle);
  }

  public ActionPolicy withScheduledEventDraining(boolean value) {
    return new ActionPolicy(spotInterruptionDraining, value, rebalanceMonitoring, rebalanceDraining, cordonOnly,
        completeLaunchLifecycle);
  }
}
