package io.spotkube.runtime.scaling.controller;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link ScalingMetrics} kept in memory and rendered in the Prometheus text format. Thread-safe. */
public final class SimpleScalingMetrics implements ScalingMetrics {

  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Double> gauges = new ConcurrentHashMap<>();

  @Override
  public void loopDuration(Duration duration) {
    gauges.put("cluster_autoscaler_last_loop_duration_seconds", duration.toNanos() / 1e9);
    add("cluster_autoscaler_loops_total", 1);
  }

  @Override
  public void scaledUp(String group, int nodes) {
    add("cluster_autoscaler_scaled_up_nodes_total{node_group=\"" + group + "\"}", nodes);
  }

  @Override
  public void scaledDown(String group, int nodes) {
    add("cluster_autoscaler_scaled_down_nodes_total{node_group=\"" + group + "\"}", nodes);
  }

  @Override
  public void unschedulablePods(int count) {
    gauges.put("cluster_autoscaler_unschedulable_pods_count", (double) count);
  }

  @Override
  public void unneededNodes(int count) {
    gauges.put("cluster_autoscaler_unneeded_nodes_count", (double) count);
  }

  @Override
  public void failedScaleUp(String group, String reason) {
    add("cluster_autoscaler_failed_scale_ups_total{node_group=\"" + group + "\",reason=\"" + reason + "\"}", 1);
  }

  @Override
  public void loopError() {
    add("cluster_autoscaler_errors_total", 1);
  }

  /** The value of a counter or gauge by its full name with labels, 0 when never set. */
  public double value(String series) {
    AtomicLong counter = counters.get(series);
    if (counter != null) {
      return counter.get();
    }
    return gauges.getOrDefault(series, 0.0);
  }

  /** Prometheus text exposition, series sorted by name. */
  public String render() {
    StringBuilder text = new StringBuilder();
    Map<String, String> sorted = new TreeMap<>();
    counters.forEach((series, value) -> sorted.put(series, Long.toString(value.get())));
    gauges.forEach((series, value) -> sorted.put(series, String.format(Locale.ROOT, "%s", value)));
    sorted.forEach((series, value) -> text.append(series).append(' ').append(value).append('\n'));
    return text.toString();
  }

  private void add(String series, long amount) {
    counters.computeIfAbsent(series, key -> new AtomicLong()).addAndGet(amount);
  }
}
