package io.spotkube.runtime.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesObjectsTest {

  private static PodBuilder pod() {
    return new PodBuilder().withNewMetadata().withNamespace("default").withName("web-1").withResourceVersion("1")
        .addNewOwnerReference().withKind("ReplicaSet").withName("web").withController(true).endOwnerReference()
        .endMetadata();
  }

  @Test
  void requestsAreTheContainersSumRaisedToTheLargestInitContainerPlusOverhead() {
    Pod converted = KubernetesObjects.pod(pod().withNewSpec()
        .addNewContainer().withName("a").withNewResources().withRequests(Map.of("cpu", new Quantity("250m"),
            "memory", new Quantity("256Mi"))).endResources().addNewPort().withContainerPort(80).withHostPort(8080)
        .endPort().endContainer()
        .addNewContainer().withName("b").withNewResources().withRequests(Map.of("cpu", new Quantity("250m"),
            "nvidia.com/gpu", new Quantity("1"))).endResources().endContainer()
        .addNewInitContainer().withName("init").withNewResources().withRequests(Map.of("cpu", new Quantity("1"),
            "memory", new Quantity("64Mi"))).endResources().endInitContainer()
        .withOverhead(Map.of("cpu", new Quantity("100m")))
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec().build());

    assertThat(converted.requests().cpuMillis()).isEqualTo(1100);
    assertThat(converted.requests().memoryBytes()).isEqualTo(256L << 20);
    assertThat(converted.requests().extended("nvidia.com/gpu")).isEqualTo(1);
    assertThat(converted.hostPorts()).containsExactly(8080);
    assertThat(converted.ownerKind()).isEqualTo("ReplicaSet");
    assertThat(converted.localStorage()).isTrue();
    assertThat(converted.isPending()).isTrue();
  }

  @Test
  void onlyBoundOrUnschedulablePodsAreRelevant() {
    var justCreated = pod().withNewSpec().addNewContainer().withName("a").endContainer().endSpec().build();
    var unschedulable = pod().withNewSpec().addNewContainer().withName("a").endContainer().endSpec()
        .withNewStatus().addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .endCondition().endStatus().build();
    var finished = pod().withNewSpec().withNodeName("n").addNewContainer().withName("a").endContainer().endSpec()
        .withNewStatus().withPhase("Succeeded").endStatus().build();

    assertThat(KubernetesObjects.pod(justCreated).consideredForScaling()).isFalse();
    assertThat(KubernetesObjects.pod(unschedulable).consideredForScaling()).isTrue();
    assertThat(KubernetesObjects.pod(finished).consideredForScaling()).isFalse();
    assertThat(KubernetesObjects.unfinishedPod(finished)).as("finished pods are not cached").isEmpty();
    var deleted = pod().editMetadata().withDeletionTimestamp("2026-11-29T00:00:00Z").endMetadata()
        .withNewSpec().withNodeName("n").addNewContainer().withName("a").endContainer().endSpec().build();
    assertThat(KubernetesObjects.pod(deleted).consideredForScaling()).isFalse();
    assertThat(KubernetesObjects.pod(deleted).terminating()).isTrue();
  }

  @Test
  void aBarePodHasNoOwnerAndMemoryBackedEmptyDirIsNotLocalStorage() {
    Pod converted = KubernetesObjects.pod(new PodBuilder().withNewMetadata().withNamespace("default").withName("bare")
        .endMetadata().withNewSpec().addNewContainer().withName("a").endContainer()
        .addNewVolume().withName("tmp").withNewEmptyDir().withMedium("Memory").endEmptyDir().endVolume().endSpec().build());

    assertThat(converted.ownerKind()).isNull();
    assertThat(converted.localStorage()).isFalse();
  }

  @Test
  void nodesCarryAllocatableTaintsReadinessAndTheirInstanceId() {
    var node = new NodeBuilder().withNewMetadata().withName("ip-10-0-1-10").endMetadata()
        .withNewSpec().withProviderID("aws:///eu-west-1a/i-0b662ef9931388ba0").withUnschedulable(true)
        .addNewTaint().withKey("spot").withValue("true").withEffect("NoSchedule").endTaint().endSpec()
        .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("1930m"), "memory", new Quantity("7Gi"),
            "pods", new Quantity("29")))
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();

    Node converted = KubernetesObjects.node(node);

    assertThat(converted.allocatable().cpuMillis()).isEqualTo(1930);
    assertThat(converted.allocatable().pods()).isEqualTo(29);
    assertThat(converted.ready()).isTrue();
    assertThat(converted.unschedulable()).isTrue();
    assertThat(converted.taints()).hasSize(1);
    assertThat(converted.instanceId()).contains("i-0b662ef9931388ba0");
  }

  @Test
  void everyNodeAffinityTermPodAffinityAndSpreadExpressionsAreKept() {
    Pod converted = KubernetesObjects.pod(pod().withNewSpec().addNewContainer().withName("a").endContainer()
        .withNewAffinity()
        .withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("tier").withOperator("In").withValues("db")
        .endMatchExpression().endNodeSelectorTerm()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("tier").withOperator("In").withValues("web")
        .endMatchExpression().endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
        .withNewPodAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withTopologyKey("topology.kubernetes.io/zone").withNewLabelSelector().addToMatchLabels("app", "db")
        .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity()
        .withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withTopologyKey("kubernetes.io/hostname").withNamespaces("other").withNewLabelSelector()
        .addNewMatchExpression().withKey("app").withOperator("In").withValues("web").endMatchExpression()
        .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity()
        .endAffinity()
        .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("kubernetes.io/hostname")
        .withWhenUnsatisfiable("DoNotSchedule").withNewLabelSelector().addNewMatchExpression().withKey("app")
        .withOperator("Exists").endMatchExpression().endLabelSelector().endTopologySpreadConstraint()
        .endSpec().build());

    assertThat(converted.requiredNodeAffinity()).hasSize(2);
    assertThat(converted.requiredNodeAffinity().get(1).matches(Map.of("tier", "web"))).isTrue();
    assertThat(converted.requiredPodAffinity().get(0).topologyKey()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(converted.requiredPodAffinity().get(0).labelSelector().matchLabels()).containsEntry("app", "db");
    var antiAffinity = converted.requiredPodAntiAffinity().get(0);
    assertThat(antiAffinity.namespaces()).containsExactly("other");
    assertThat(antiAffinity.labelSelector().matches(Map.of("app", "web"))).isTrue();
    assertThat(antiAffinity.labelSelector().matches(Map.of("app", "db"))).isFalse();
    var spread = converted.topologySpreadConstraints().get(0).labelSelector();
    assertThat(spread.matches(Map.of("app", "x"))).isTrue();
    assertThat(spread.matches(Map.of("other", "x"))).isFalse();
  }

  @Test
  void aNodeKeepsTheAutoscalersAnnotationsOnly() {
    var node = new NodeBuilder().withNewMetadata().withName("n").addToAnnotations(
            "cluster-autoscaler.kubernetes.io/scale-down-disabled", "true")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}").endMetadata().build();

    Node converted = KubernetesObjects.node(node);

    assertThat(converted.scaleDownDisabled()).isTrue();
    assertThat(converted.annotations()).containsOnlyKeys("cluster-autoscaler.kubernetes.io/scale-down-disabled");
  }

  @Test
  void priorityRulesAreReadFromUpstreamsYaml() {
    assertThat(Fabric8ConfigMaps.parsePriorities("kube-system/x", "10:\n  - .*spot.*\n50:\n  - .*ondemand.*\n"))
        .containsEntry(10, java.util.List.of(".*spot.*")).containsEntry(50, java.util.List.of(".*ondemand.*"));
    assertThatThrownBy(() -> Fabric8ConfigMaps.parsePriorities("kube-system/x", "high:\n  - .*\n"))
        .hasMessageContaining("kube-system/x").hasMessageContaining("'high' is not a whole number");
  }
}
