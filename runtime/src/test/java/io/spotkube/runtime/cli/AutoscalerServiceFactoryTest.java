package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.scaling.controller.AutoscalerSettings;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AutoscalerServiceFactoryTest {

  @Test
  void theAutoscalerServiceRegistersItsMetricsInTheRegistryRunServes() {
    MetricsRegistry registry = new MetricsRegistry();

    AutoscalerServiceFactory.create(AutoscalerSettings.fromArgs(List.of("--cluster-name", "c1")),
        AwsClients.create("eu-west-1", null), new AtomicReference<>(), registry, new SharedCluster(CallTimer.NONE),
        new io.spotkube.runtime.ports.ClusterOwnership("c1", null));

    assertThat(registry.scrape()).contains("# TYPE cluster_autoscaler_scaled_up_nodes_total counter",
        "# TYPE cluster_autoscaler_function_duration_seconds histogram",
        "cluster_autoscaler_unneeded_nodes_count 0.0");
  }
}
