package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.observability.Counter;
import io.spotkube.runtime.observability.Histogram;
import io.spotkube.runtime.observability.MetricsRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ScalingMetrics} registered in the process's shared {@link MetricsRegistry}, so {@code run}
 * serves them on {@code /metrics} next to the interruption handler's. Names follow
 * cluster-autoscaler's. Use one instance per registry: the gauges read this instance's values.
 */
public final class RegistryScalingMetrics implements ScalingMetrics {

  private final Histogram functionDuration;
  private final Counter scaledUp;
  private final Counter scaledDown;
  private final Counter failedScaleUps;
  private final Counter errors;
  private final AtomicLong unschedulablePods = new AtomicLong();
  private final AtomicLong unneededNodes = new AtomicLong();

  public RegistryScalingMetrics(MetricsRegistry registry) {
    functionDuration = registry.histogram("cluster_autoscaler_function_duration_seconds",
        "Time taken by parts of the autoscaler's loop (main: one whole loop).", MetricsRegistry.SECONDS_BUCKETS,
        "function");
    scaledUp = registry.counter("cluster_autoscaler_scaled_up_nodes_total", "Nodes added by scale-ups, per node group.",
        "node_group");
    scaledDown = registry.counter("cluster_autoscaler_scaled_down_nodes_total",
        "Nodes removed by scale-downs, per node group.", "node_group");
    failedScaleUps = registry.counter("cluster_autoscaler_failed_scale_ups_total",
        "Scale-ups given up, per node group and reason (capacity, timeout).", "node_group", "reason");
    errors = registry.counter("cluster_autoscaler_errors_total", "Loops that failed.");
    registry.gauge("cluster_autoscaler_unschedulable_pods_count", "Pods the scheduler could not place.",
        unschedulablePods::get);
    registry.gauge("cluster_autoscaler_unneeded_nodes_count", "Nodes currently considered for scale-down.",
        unneededNodes::get);
  }

  @Override
  public void loopDuration(Duration duration) {
    functionDuration.observe(duration.toNanos() / 1e9, "main");
  }

  @Override
  public void scaledUp(String group, int nodes) {
    scaledUp.add(nodes, group);
  }

  @Override
  public void scaledDown(String group, int nodes) {
    scaledDown.add(nodes, group);
  }

  @Override
  public void unschedulablePods(int count) {
    unschedulablePods.set(count);
  }

  @Override
  public void unneededNodes(int count) {
    unneededNodes.set(count);
  }

  @Override
  public void failedScaleUp(String group, String reason) {
    failedScaleUps.inc(group, reason);
  }

  @Override
  public void loopError() {
    errors.inc();
  }
}
