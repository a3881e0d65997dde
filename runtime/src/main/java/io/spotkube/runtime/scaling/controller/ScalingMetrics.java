package io.spotkube.runtime.scaling.controller;

import java.time.Duration;

/**
 * What the autoscaler reports for Prometheus, named after cluster-autoscaler's metrics. A port so
 * the decision loop does not depend on the registry; {@link RegistryScalingMetrics} puts them in it.
 */
public interface ScalingMetrics {

  /** {@code cluster_autoscaler_function_duration_seconds{function="main"}}. */
  void loopDuration(Duration duration);

  /** {@code cluster_autoscaler_scaled_up_nodes_total}, per group. */
  void scaledUp(String group, int nodes);

  /** {@code cluster_autoscaler_scaled_down_nodes_total}, per group. */
  void scaledDown(String group, int nodes);

  /** {@code cluster_autoscaler_unschedulable_pods_count}. */
  void unschedulablePods(int count);

  /** {@code cluster_autoscaler_unneeded_nodes_count}. */
  void unneededNodes(int count);

  /** {@code cluster_autoscaler_failed_scale_ups_total}, per group and reason (capacity, timeout). */
  void failedScaleUp(String group, String reason);

  /** {@code cluster_autoscaler_errors_total}: a loop that failed. */
  void loopError();
}
