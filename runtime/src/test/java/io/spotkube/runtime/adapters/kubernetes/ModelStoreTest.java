package io.spotkube.runtime.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cache keeps each object as the model, converted once: the model answers what the autoscaler
 * and the drains ask, the informer's shell keeps only what the informer compares, and the index
 * follows a pod from node to node.
 */
class ModelStoreTest {

  private final ModelStore<Pod, io.spotkube.runtime.model.Pod> pods = new ModelStore<>("pod",
      KubernetesObjects::unfinishedPod, pod -> KubernetesObjects.shell(pod, Pod::new),
      io.spotkube.runtime.model.Pod::nodeName);

  @ParameterizedTest(name = "owner {0}, mirror {1}, phase {2}, grace {3}")
  @CsvSource({
      "ReplicaSet, false, Running,   30",
      "DaemonSet,  false, Running,   ",
      ",           true,  Running,   0",
      "StatefulSet, false, Pending,  5",
  })
  void theModelOfARealisticPodAnswersWhatADrainAsks(String ownerKind, boolean mirror, String phase, Long grace) {
    pods.put("shop/web-7d4b9c-x2x9q", realisticPod(ownerKind, mirror, phase, grace, "node-a"));

    io.spotkube.runtime.model.Pod model = pods.model("shop/web-7d4b9c-x2x9q").orElseThrow();
    assertThat(model.ownerKind()).isEqualTo(ownerKind);
    assertThat(model.mirror()).isEqualTo(mirror);
    assertThat(model.terminationGracePeriodSeconds()).isEqualTo(grace);
    assertThat(model.nodeName()).isEqualTo("node-a");
    assertThat(model.requests().cpuMillis()).isEqualTo(100);
    assertThat(model.labels()).containsEntry("app", "web");
    assertThat(model.annotations()).as("only the autoscaler's annotations are kept")
        .containsOnlyKeys("cluster-autoscaler.kubernetes.io/safe-to-evict");

    Pod shell = pods.get("shop/web-7d4b9c-x2x9q");
    assertThat(shell.getMetadata().getResourceVersion()).isEqualTo("4711");
    assertThat(shell.getMetadata().getName()).isEqualTo("web-7d4b9c-x2x9q");
    assertThat(shell.getMetadata().getManagedFields()).isEmpty();
    assertThat(shell.getSpec()).isNull();
    assertThat(shell.getStatus()).isNull();
  }

  @Test
  void finishedPodsAreNotKeptButTheInformerStillSeesThem() {
    pods.put("shop/done", realisticPod("Job", false, "Succeeded", 30L, "node-a"));

    assertThat(pods.model("shop/done")).isEmpty();
    assertThat(pods.indexed("node-a")).isEmpty();
    assertThat(pods.get("shop/done")).as("the informer's shell").isNotNull();
    assertThat(pods.size()).isEqualTo(1);
  }

  @Test
  void theNodeIndexFollowsAPodAndForgetsItWhenItGoes() {
    pods.put("shop/web", realisticPod("ReplicaSet", false, "Running", 30L, "node-a"));
    assertThat(pods.indexed("node-a")).extracting(io.spotkube.runtime.model.Pod::name).containsExactly("web-7d4b9c-x2x9q");

    pods.put("shop/web", realisticPod("ReplicaSet", false, "Running", 30L, "node-b"));
    assertThat(pods.indexed("node-a")).isEmpty();
    assertThat(pods.indexed("node-b")).hasSize(1);

    pods.put("shop/web", realisticPod("ReplicaSet", false, "Failed", 30L, "node-b"));
    assertThat(pods.indexed("node-b")).as("finished: no longer on the node for anyone").isEmpty();

    pods.put("shop/web", realisticPod("ReplicaSet", false, "Running", 30L, "node-b"));
    pods.remove("shop/web");
    assertThat(pods.indexed("node-b")).isEmpty();
    assertThat(pods.models()).isEmpty();
  }

  @Test
  void anUnreadablePodIsInvisibleNotFatal() {
    Pod bad = new PodBuilder(realisticPod("ReplicaSet", false, "Running", 30L, "node-a")).editSpec().editFirstContainer()
        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("lots")).endResources()
        .endContainer().endSpec().build();

    pods.put("shop/bad", bad);

    assertThat(pods.model("shop/bad")).isEmpty();
    assertThat(pods.get("shop/bad")).isNotNull();
  }

  @Test
  void nodesAreIndexedByTheInstanceOfTheirProviderId() {
    ModelStore<io.fabric8.kubernetes.api.model.Node, io.spotkube.runtime.model.Node> nodes = new ModelStore<>("node",
        node -> Optional.of(KubernetesObjects.node(node)),
        node -> KubernetesObjects.shell(node, io.fabric8.kubernetes.api.model.Node::new),
        node -> node.instanceId().orElse(null));
    nodes.put("node-a", new NodeBuilder().withNewMetadata().withName("node-a").withResourceVersion("9").endMetadata()
        .withNewSpec().withProviderID("aws:///eu-west-1a/i-0123456789abcdef0").endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());

    assertThat(nodes.indexed("i-0123456789abcdef0")).extracting(io.spotkube.runtime.model.Node::name)
        .containsExactly("node-a");
    assertThat(nodes.model("node-a").orElseThrow().ready()).isTrue();
  }

  /** Shaped like a pod read back from kube-apiserver: managed fields, token volume, statuses. */
  static Pod realisticPod(String ownerKind, boolean mirror, String phase, Long grace, String nodeName) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName("web-7d4b9c-x2x9q").withNamespace("shop")
        .withUid("6f1c0e2a-2a53-4b0c-9d43-0d5b3f7f8a11").withResourceVersion("4711")
        .withLabels(Map.of("app", "web", "pod-template-hash", "7d4b9c"))
        .withAnnotations(mirror ? Map.of("kubernetes.io/config.mirror", "abc", "kubernetes.io/config.hash", "abc",
            "cluster-autoscaler.kubernetes.io/safe-to-evict", "true")
            : Map.of("kubectl.kubernetes.io/restartedAt", "2026-11-01T00:00:00Z",
                "cluster-autoscaler.kubernetes.io/safe-to-evict", "true"))
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
    return pod.withNewSpec().withNodeName(nodeName).withTerminationGracePeriodSeconds(grace)
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
