package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.testing.Scraped;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryScalingMetricsTest {

  private final MetricsRegistry registry = new MetricsRegistry();
  private final RegistryScalingMetrics metrics = new RegistryScalingMetrics(registry);

  @Test
  void whatTheLoopReportsIsExposedUnderClusterAutoscalerNames() {
    metrics.scaledUp("spot-a", 2);
    metrics.scaledUp("spot-a", 1);
    metrics.scaledDown("spot-b", 1);
    metrics.failedScaleUp("spot-a", "capacity");
    metrics.unschedulablePods(4);
    metrics.unneededNodes(3);
    metrics.unneededNodes(1);
    metrics.loopError();
    metrics.loopDuration(Duration.ofMillis(300));

    assertThat(Scraped.value(registry, "cluster_autoscaler_scaled_up_nodes_total{node_group=\"spot-a\"}"))
        .isEqualTo(3.0);
    assertThat(Scraped.value(registry, "cluster_autoscaler_scaled_down_nodes_total{node_group=\"spot-b\"}"))
        .isEqualTo(1.0);
    assertThat(Scraped.value(registry,
        "cluster_autoscaler_failed_scale_ups_total{node_group=\"spot-a\",reason=\"capacity\"}")).isEqualTo(1.0);
    assertThat(Scraped.value(registry, "cluster_autoscaler_unschedulable_pods_count")).isEqualTo(4.0);
    assertThat(Scraped.value(registry, "cluster_autoscaler_unneeded_nodes_count")).isEqualTo(1.0);
    assertThat(Scraped.value(registry, "cluster_autoscaler_errors_total")).isEqualTo(1.0);
    assertThat(Scraped.value(registry, "cluster_autoscaler_function_duration_seconds_count{function=\"main\"}"))
        .isEqualTo(1.0);
    assertThat(Scraped.value(registry,
        "cluster_autoscaler_function_duration_seconds_bucket{function=\"main\",le=\"0.25\"}"))
        .isZero();
    assertThat(Scraped.value(registry,
        "cluster_autoscaler_function_duration_seconds_bucket{function=\"main\",le=\"0.5\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void theFamiliesAreListedBeforeAnythingHappened() {
    assertThat(registry.scrape()).contains("# TYPE cluster_autoscaler_scaled_up_nodes_total counter",
        "# TYPE cluster_autoscaler_failed_scale_ups_total counter", "cluster_autoscaler_errors_total 0",
        "cluster_autoscaler_unschedulable_pods_count 0.0");
  }
}
