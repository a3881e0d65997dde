package io.spotkube.runtime.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.runtime.model.Taint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTemplatesTest {

  private static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.bundled();

  @Test
  void aMixedGroupIsSimulatedAsItsSmallestType() {
    NodeTemplates.Template template = NodeTemplates.build("spot", List.of("m5.xlarge", "m5.large", "m5a.large"),
        Map.of(), List.of("eu-west-1b", "eu-west-1a"), "eu-west-1", CATALOG);

    assertThat(template.simulatedType()).isEqualTo("m5.large");
    assertThat(template.template().allocatable().cpuMillis()).isEqualTo(2000);
    assertThat(template.template().allocatable().memoryBytes()).isEqualTo(8L << 30);
    assertThat(template.template().allocatable().pods()).isEqualTo(110);
    assertThat(template.template().labels()).containsEntry("topology.kubernetes.io/zone", "eu-west-1a")
        .containsEntry("kubernetes.io/arch", "amd64").containsEntry("node.kubernetes.io/instance-type", "m5.large");
    assertThat(template.pricePerHour()).isPositive();
  }

  @Test
  void aManagedGroupsTagsWinOverWhatEksSaysForTheSameLabelOrTaintKey() {
    EksManagedNodeGroups.Description fromEks = new EksManagedNodeGroups.Description(
        Map.of("workload", "batch", "team", "data"),
        List.of(new Taint("dedicated", "batch", "NoSchedule"), new Taint("gpu", "", "NoExecute")));

    NodeTemplates.Template template = NodeTemplates.build("eks-managed", List.of("m5.large"), Map.of(
        "k8s.io/cluster-autoscaler/node-template/label/team", "ml",
        "k8s.io/cluster-autoscaler/node-template/taint/dedicated", "ml:NoSchedule"), List.of("us-east-1a"),
        "us-east-1", CATALOG, fromEks);

    assertThat(template.template().labels()).containsEntry("workload", "batch").containsEntry("team", "ml");
    assertThat(template.template().taints()).containsExactlyInAnyOrder(new Taint("dedicated", "ml", "NoSchedule"),
        new Taint("gpu", "", "NoExecute"));
  }

  @Test
  void eksTaintEffectsBecomeKubernetesOnesAndAnUnknownOneIsNamed() {
    assertThat(EksManagedNodeGroups.effect("g", "PREFER_NO_SCHEDULE")).isEqualTo("PreferNoSchedule");
    assertThatThrownBy(() -> EksManagedNodeGroups.effect("g", "SOMETIMES"))
        .hasMessage("managed node group g: unknown taint effect SOMETIMES in eks:DescribeNodegroup");
  }

  @Test
  void nodeTemplateTagsAddLabelsTaintsAndResources() {
    NodeTemplates.Template template = NodeTemplates.build("gpu", List.of("m5.large"), Map.of(
        "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/lifecycle", "Spot",
        "k8s.io/cluster-autoscaler/node-template/taint/spot", "true:NoSchedule",
        "k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage", "100Gi",
        "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu", "1",
        "unrelated", "x"), List.of("us-east-1a"), "us-east-1", CATALOG);

    assertThat(template.template().labels()).containsEntry("kops.k8s.io/lifecycle", "Spot");
    assertThat(template.template().taints()).containsExactly(new Taint("spot", "true", "NoSchedule"));
    assertThat(template.template().allocatable().ephemeralStorageBytes()).isEqualTo(100L << 30);
    assertThat(template.template().allocatable().extended("nvidia.com/gpu")).isEqualTo(1);
  }

  @Test
  void scaleFromZeroWorksForTypesUnknownToTheCatalogWhenTagsGiveCpuAndMemory() {
    NodeTemplates.Template template = NodeTemplates.build("new", List.of("z9.huge"), Map.of(
        "k8s.io/cluster-autoscaler/node-template/resources/cpu", "4",
        "k8s.io/cluster-autoscaler/node-template/resources/memory", "16Gi"), List.of(), "", CATALOG);

    assertThat(template.template().allocatable().cpuMillis()).isEqualTo(4000);
    assertThat(template.pricePerHour()).isZero();
  }

  @Test
  void badTagsAreNamed() {
    assertThatThrownBy(() -> NodeTemplates.build("g", List.of("m5.large"),
        Map.of("k8s.io/cluster-autoscaler/node-template/taint/spot", "true"), List.of(), "", CATALOG))
        .hasMessageContaining("tag k8s.io/cluster-autoscaler/node-template/taint/spot").hasMessageContaining("value:Effect");
    assertThatThrownBy(() -> NodeTemplates.build("g", List.of("z9.huge"), Map.of(), List.of(), "", CATALOG))
        .hasMessageContaining("node group g");
  }
}
