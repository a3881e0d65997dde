package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscalerSettingsTest {

  @Test
  void theTutorialsFlagsAreAccepted() {
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of("--cluster-name=spot-kops-cluster.k8s.local",
        "--expander=random", "--balance-similar-node-groups=true", "--scale-down-enabled=true",
        "--scale-down-unneeded-time=2m", "--scale-down-delay-after-add=2m"));

    assertThat(settings.expander()).isEqualTo("random");
    assertThat(settings.balanceSimilarNodeGroups()).isTrue();
    assertThat(settings.scaleDownUnneededTime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.scaleDownDelayAfterAdd()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void theEksDocsFlagsWithBareBooleansAreAccepted() {
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of("--cluster-name", "demo",
        "--skip-nodes-with-local-storage=false", "--expander=least-waste", "--balance-similar-node-groups",
        "--skip-nodes-with-system-pods=false", "--max-node-provision-time", "5m", "--max-nodes-total", "100",
        "--scan-interval=1m30s", "--scale-down-utilization-threshold=0.6"));

    assertThat(settings.balanceSimilarNodeGroups()).isTrue();
    assertThat(settings.skipNodesWithLocalStorage()).isFalse();
    assertThat(settings.skipNodesWithSystemPods()).isFalse();
    assertThat(settings.maxNodeProvisionTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.maxNodesTotal()).isEqualTo(100);
    assertThat(settings.scanInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.scaleDownUtilizationThreshold()).isEqualTo(0.6);
  }

  @Test
  void defaultsAreUpstreams() {
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of("--cluster-name", "demo"));

    assertThat(settings.expander()).isEqualTo("random");
    assertThat(settings.scaleDownEnabled()).isTrue();
    assertThat(settings.scaleDownUnneededTime()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.maxNodeProvisionTime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.scanInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.namespace()).isEqualTo("kube-system");
  }

  @Test
  void theUnreadyFlagsReachTheDecisionWithUpstreamsDefaults() {
    var defaults = AutoscalerSettings.fromArgs(List.of("--cluster-name", "demo")).options(java.util.Map.of(), 0, 1);
    var given = AutoscalerSettings.fromArgs(List.of("--cluster-name", "demo",
        "--scale-down-unready-enabled=false", "--scale-down-unready-time=5m")).options(java.util.Map.of(), 0, 1);

    assertThat(defaults.scaleDownUnreadyEnabled()).isTrue();
    assertThat(defaults.scaleDownUnreadyTimeSeconds()).isEqualTo(1200);
    assertThat(given.scaleDownUnreadyEnabled()).isFalse();
    assertThat(given.scaleDownUnreadyTimeSeconds()).isEqualTo(300);
  }

  @Test
  void theGpuThresholdAndTheExpendableCutoffReachTheDecisionWithUpstreamsDefaults() {
    var defaults = AutoscalerSettings.fromArgs(List.of("--cluster-name", "demo")).options(java.util.Map.of(), 0, 1);
    var given = AutoscalerSettings.fromArgs(List.of("--cluster-name", "demo",
        "--scale-down-gpu-utilization-threshold=0.3", "--expendable-pods-priority-cutoff=-1")).options(java.util.Map.of(), 0, 1);

    assertThat(defaults.scaleDownGpuUtilizationThreshold()).isEqualTo(0.5);
    assertThat(defaults.expendablePodsPriorityCutoff()).isEqualTo(-10);
    assertThat(given.scaleDownGpuUtilizationThreshold()).isEqualTo(0.3);
    assertThat(given.expendablePodsPriorityCutoff()).isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--scale-down-gpu-utilization-threshold=2 | --scale-down-gpu-utilization-threshold must be between 0 and 1",
      "--expander=cheapest | --expander: unknown expander: cheapest",
      "--scale-down-unneeded-time=soon | --scale-down-unneeded-time: 'soon' is not a duration",
      "--scale-down-enabled=maybe | --scale-down-enabled: 'maybe' is not true or false",
      "--max-nodes-total=-1 | --max-nodes-total must not be negative",
      "--scale-down-utilization-threshold=2 | --scale-down-utilization-threshold must be between 0 and 1",
      "--scan-interval=0 | --scan-interval must be positive",
      "--nodes=1:10 | --nodes: '1:10' is not <min>:<max>:<Auto Scaling group name>",
      "--cloud-provider=azure | --cloud-provider: 'azure' is not supported; only aws",
      "--node-group-auto-discovery-x=a | unknown flag --node-group-auto-discovery-x"})
  void badFlagsAreNamed(String flag, String message) {
    assertThatThrownBy(() -> AutoscalerSettings.fromArgs(List.of("--cluster-name", "demo", flag.strip())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message.strip());
  }

  @Test
  void theClusterNameIsRequired() {
    assertThatThrownBy(() -> AutoscalerSettings.fromArgs(List.of("--expander=random")))
        .hasMessageContaining("--cluster-name is required");
  }
}
