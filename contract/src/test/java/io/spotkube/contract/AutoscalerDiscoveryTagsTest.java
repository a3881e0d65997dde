package io.spotkube.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoscalerDiscoveryTagsTest {

  @Test
  void theAutoDiscoveryValueNamesBothTagsAsClusterAutoscalerTakesThem() {
    assertThat(AutoscalerDiscoveryTags.autoDiscovery("spot-kops-cluster"))
        .isEqualTo("asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/spot-kops-cluster");
    assertThat(AutoscalerDiscoveryTags.isAutoDiscovery(AutoscalerDiscoveryTags.autoDiscovery("c"), "c")).isTrue();
    assertThat(AutoscalerDiscoveryTags.isAutoDiscovery(
        "asg:tag=k8s.io/cluster-autoscaler/c,k8s.io/cluster-autoscaler/enabled", "c")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/other",
      "asg:tag=k8s.io/cluster-autoscaler/enabled",
      "asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/c,team",
      "mig:namePrefix=c",
      "k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/c"})
  void anyOtherDiscoveryIsNotTheOneTheRuntimeImplements(String spec) {
    assertThat(AutoscalerDiscoveryTags.isAutoDiscovery(spec, "c")).isFalse();
  }

  @Test
  void theClusterIsReadFromTheDiscoverySpecAsUpstreamNeedsNoClusterName() {
    assertThat(AutoscalerDiscoveryTags.clusterName(
        "asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/spot-kops-cluster")).contains("spot-kops-cluster");
    assertThat(AutoscalerDiscoveryTags.clusterName("asg:tag=k8s.io/cluster-autoscaler/c=owned,k8s.io/cluster-autoscaler/enabled"))
        .contains("c");
    assertThat(AutoscalerDiscoveryTags.clusterName("asg:tag=k8s.io/cluster-autoscaler/enabled")).isEmpty();
    assertThat(AutoscalerDiscoveryTags.clusterName("asg:tag=k8s.io/cluster-autoscaler/a,k8s.io/cluster-autoscaler/b")).isEmpty();
    assertThat(AutoscalerDiscoveryTags.clusterName("mig:namePrefix=c")).isEmpty();
  }
}
