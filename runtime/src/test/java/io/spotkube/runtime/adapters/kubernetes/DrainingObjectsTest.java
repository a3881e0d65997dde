package io.spotkube.runtime.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The slimmed copies the handler caches answer every question the full objects answer, in far fewer bytes. */
class DrainingObjectsTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @ParameterizedTest(name = "owner {0}, mirror {1}, phase {2}, grace {3}")
  @CsvSource({
      "ReplicaSet, false, Running,   30",
      "DaemonSet,  false, Running,   ",
      ",           true,  Running,   0",
      "Job,        false, Succeeded, 600",
      "StatefulSet, false, Failed,   5",
  })
  void aSlimPodReadsAsTheFullOne(String ownerKind, boolean mirror, String phase, Long grace) {
    Pod full = realisticPod(ownerKind, mirror, phase, grace);

    Pod slim = DrainingObjects.slimPod(full);

    assertThat(Fabric8ClusterApi.toInfo(slim)).isEqualTo(Fabric8ClusterApi.toInfo(full));
    assertThat(slim.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(slim.getMetadata().getResourceVersion()).isEqualTo("4711");
    assertThat(slim.getMetadata().getManagedFields()).isEmpty();
    assertThat(slim.getMetadata().getLabels()).isEmpty();
    assertThat(slim.getSpec().getContainers()).isEmpty();
    assertThat(slim.getSpec().getVolumes()).isEmpty();
    assertThat(slim.getStatus().getConditions()).isEmpty();
    assertThat(slim.getStatus().getContainerStatuses()).isEmpty();
    assertThat(JSON.asJson(slim).length()).as("slim JSON size").isLessThan(JSON.asJson(full).length() / 3);
  }

  @Test
  void aSlimNodeReadsAsTheFullOne() {
    for (String ready : new String[] {"True", "False", "Unknown"}) {
      Node full = new NodeBuilder().withNewMetadata().withName("node-a").withResourceVersion("9")
          .withLabels(Map.of("kubernetes.io/hostname", "node-a", "node.kubernetes.io/instance-type", "m5.large"))
          .endMetadata()
          .withNewSpec().withProviderID("aws:///eu-west-1a/i-0123456789abcdef0").withUnschedulable(true)
          .addNewTaint().withKey("k").withEffect("NoSchedule").endTaint().endSpec()
          .withNewStatus()
          .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
          .addNewCondition().withType("Ready").withStatus(ready).withReason("KubeletReady").endCondition()
          .addNewImage().withNames("registry.k8s.io/pause:3.10").withSizeBytes(300_000L).endImage()
          .endStatus().build();

      Node slim = DrainingObjects.slimNode(full);

      assertThat(Fabric8ClusterApi.toInfo(slim)).isEqualTo(Fabric8ClusterApi.toInfo(full));
      assertThat(Fabric8ClusterApi.instanceIdsOf(slim)).containsExactly("i-0123456789abcdef0");
    }
  }

  /** Shaped like a pod read back from kube-apiserver: managed fields, token volume, statuses. */
  private static Pod realisticPod(String ownerKind, boolean mirror, String phase, Long grace) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName("web-7d4b9c-x2x9q").withNamespace("shop")
        .withUid("6f1c0e2a-2a53-4b0c-9d43-0d5b3f7f8a11").withResourceVersion("4711")
        .withLabels(Map.of("app", "web", "pod-template-hash", "7d4b9c"))
        .withAnnotations(mirror ? Map.of("kubernetes.io/config.mirror", "abc", "kubernetes.io/config.hash", "abc")
            : Map.of("kubectl.kubernetes.io/restartedAt", "2026-11-01T00:00:00Z"))
        .addNewManagedField().withManager("kube-controller-manager").withOperation("Update").withApiVersion("v1")
        .withFieldsType("FieldsV1").withNewFieldsV1().addToAdditionalProperties("f:metadata", Map.of(
            "f:labels", Map.of("f:app", Map.of(), "f:pod-template-hash", Map.of()))).endFieldsV1().endManagedField()
        .endMetadata();
    if (ownerKind != null) {
      pod.editMetadata().addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("other")
          .withUid("u1").withController(false).endOwnerReference()
          .addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName("web-7d4b9c").withUid("u2")
          .withController(true).withBlockOwnerDeletion(true).endOwnerReference().endMetadata();
    }
    return pod.withNewSpec().withNodeName("node-a").withTerminationGracePeriodSeconds(grace)
        .withServiceAccountName("default")
        .addNewContainer().withName("web").withImage("nginx:1.27").addNewEnv().withName("MODE").withValue("prod")
        .endEnv().withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
        .endResources().addNewVolumeMount().withName("kube-api-access").withMountPath("/var/run/secrets").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("kube-api-access").withNewProjected().addNewSource().withNewServiceAccountToken()
        .withPath("token").withExpirationSeconds(3607L).endServiceAccountToken().endSource().endProjected().endVolume()
        .addNewToleration().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute")
        .withTolerationSeconds(300L).endToleration()
        .endSpec()
        .withNewStatus().withPhase(phase).withPodIP("10.0.0.7").withHostIP("10.0.1.2")
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewContainerStatus().withName("web").withImage("nginx:1.27").withReady(true).withRestartCount(0)
        .withImageID("docker.io/library/nginx@sha256:0000").endContainerStatus()
        .endStatus().build();
  }
}
