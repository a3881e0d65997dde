package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scale-down through {@code plan}: cluster-autoscaler's blocking rules, thresholds and limits. The
 * cluster: node {@code a} holds one small pod (the one under test) and has been unneeded for 700s;
 * node {@code b} is busy but has room for that pod.
 */
class PlanScaleDownTest {

  @TempDir
  Path dir;

  private static SnapshotJson twoNodes(Consumer<ObjectNode> podUnderTest) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 2, "2", "8Gi", 110);
    snapshot.node("a", "ng", "2", "8Gi", 110).put("unneededForSeconds", 700);
    snapshot.node("b", "ng", "2", "8Gi", 110);
    snapshot.pod("default", "busy", "1500m", "1Gi").put("nodeName", "b");
    ObjectNode pod = snapshot.pod("default", "web-1", "100m", "128Mi").put("nodeName", "a");
    pod.putObject("labels").put("app", "web");
    podUnderTest.accept(pod);
    return snapshot;
  }

  static Stream<Arguments> blockingRules() {
    return Stream.of(
        Arguments.of("safe-to-evict=false annotation",
            (Consumer<ObjectNode>) pod -> pod.putObject("annotations")
                .put("cluster-autoscaler.kubernetes.io/safe-to-evict", "false"),
            "pod default/web-1 has annotation cluster-autoscaler.kubernetes.io/safe-to-evict=false"),
        Arguments.of("bare pod", (Consumer<ObjectNode>) pod -> pod.putNull("ownerKind"),
            "pod default/web-1 is not replicated (bare pod)"),
        Arguments.of("kube-system pod without a PDB", (Consumer<ObjectNode>) pod -> pod.put("namespace", "kube-system"),
            "pod kube-system/web-1 has no PDB"),
        Arguments.of("local storage", (Consumer<ObjectNode>) pod -> pod.put("localStorage", true),
            "pod default/web-1 has local storage"));
  }

  @ParameterizedTest(name = "{0} blocks the node")
  @MethodSource("blockingRules")
  void aBlockingPodKeepsItsNode(String rule, Consumer<ObjectNode> podUnderTest, String reason) {
    JsonNode plan = twoNodes(podUnderTest).plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/node").asText()).isEqualTo("a");
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo(reason);
  }

  @Test
  void aPdbWithNoDisruptionsLeftBlocksEvenASafeToEvictPod() {
    SnapshotJson snapshot = twoNodes(pod -> pod.putObject("annotations")
        .put("cluster-autoscaler.kubernetes.io/safe-to-evict", "true"));
    snapshot.budget("default", "web-pdb", "web", 0);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo("pod default/web-1: PDB default/web-pdb allows no disruption");
  }

  static Stream<Arguments> liftedRules() {
    return Stream.of(
        Arguments.of("a movable ReplicaSet pod", (Consumer<SnapshotJson>) snapshot -> { }),
        Arguments.of("safe-to-evict=true on a bare pod", (Consumer<SnapshotJson>) snapshot -> {
          ObjectNode pod = (ObjectNode) snapshot.pods.get(1);
          pod.putNull("ownerKind");
          pod.putObject("annotations").put("cluster-autoscaler.kubernetes.io/safe-to-evict", "true");
        }),
        Arguments.of("a kube-system pod with a PDB that allows a disruption", (Consumer<SnapshotJson>) snapshot -> {
          ((ObjectNode) snapshot.pods.get(1)).put("namespace", "kube-system");
          snapshot.budget("kube-system", "web-pdb", "web", 1);
        }),
        Arguments.of("a kube-system pod with skipNodesWithSystemPods false", (Consumer<SnapshotJson>) snapshot -> {
          ((ObjectNode) snapshot.pods.get(1)).put("namespace", "kube-system");
          snapshot.options.put("skipNodesWithSystemPods", false);
        }),
        Arguments.of("local storage with skipNodesWithLocalStorage false", (Consumer<SnapshotJson>) snapshot -> {
          ((ObjectNode) snapshot.pods.get(1)).put("localStorage", true);
          snapshot.options.put("skipNodesWithLocalStorage", false);
        }),
        Arguments.of("a DaemonSet pod (it leaves with the node)", (Consumer<SnapshotJson>) snapshot -> {
          ((ObjectNode) snapshot.pods.get(1)).put("ownerKind", "DaemonSet").put("namespace", "kube-system");
        }),
        Arguments.of("an expendable bare pod (priority below -10)", (Consumer<SnapshotJson>) snapshot -> {
          ((ObjectNode) snapshot.pods.get(1)).putNull("ownerKind").put("priority", -20);
        }));
  }

  @ParameterizedTest(name = "{0} does not block")
  @MethodSource("liftedRules")
  void aNodeWhosePodsMayMoveIsRemoved(String situation, Consumer<SnapshotJson> change) {
    SnapshotJson snapshot = twoNodes(pod -> { });
    change.accept(snapshot);

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleDown"), "node")).containsExactly("a");
    assertThat(plan.at("/scaleDown/0/nodeGroup").asText()).isEqualTo("ng");
    assertThat(plan.at("/scaleDown/0/reason").asText()).matches("(empty, )?utilization 0\\.\\d\\d < 0\\.5");
  }

  @Test
  void aPdbAllowingOneDisruptionCannotCoverTwoPodsOnTheNode() {
    SnapshotJson snapshot = twoNodes(pod -> { });
    snapshot.pod("default", "web-2", "100m", "128Mi").put("nodeName", "a").putObject("labels").put("app", "web");
    snapshot.budget("default", "web-pdb", "web", 1);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/reason").asText()).contains("PDB default/web-pdb allows 1 disruption(s)");
  }

  @Test
  void aGroupAtItsMinSizeKeepsItsNodes() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 2, 10, 2, "2", "8Gi", 110);
    snapshot.node("a", "ng", "2", "8Gi", 110).put("unneededForSeconds", 3600);
    snapshot.node("b", "ng", "2", "8Gi", 110).put("unneededForSeconds", 3600);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(texts(plan.get("notRemoved"), "reason")).containsOnly("node group ng at min size 2");
  }

  @Test
  void removalsStopAtTheMinSize() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 1, 10, 3, "2", "8Gi", 110);
    for (String name : new String[] {"a", "b", "c"}) {
      snapshot.node(name, "ng", "2", "8Gi", 110).put("unneededForSeconds", 3600);
    }

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleDown"), "node")).containsExactly("a", "b");
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo("node group ng at min size 1");
  }

  @Test
  void aBusyNodeStaysWithItsUtilization() {
    SnapshotJson snapshot = twoNodes(pod -> pod.with("requests").put("cpu", "1200m"));

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo("utilization 0.60 >= 0.5");
  }

  @Test
  void aNodeNotUnneededLongEnoughIsOnlyMarkedUnneeded() {
    SnapshotJson snapshot = twoNodes(pod -> { });
    ((ObjectNode) snapshot.nodes.get(0)).put("unneededForSeconds", 100);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.get("unneeded")).hasSize(1);
    assertThat(plan.at("/unneeded/0").asText()).isEqualTo("a");
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo("unneeded for 100s < 600s");
  }

  @Test
  void aPodWithNowhereToGoKeepsItsNode() {
    SnapshotJson snapshot = twoNodes(pod -> pod.with("requests").put("cpu", "600m"));

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo("pod default/web-1 cannot move: no other node fits");
  }

  @Test
  void noNodeIsRemovedSoonAfterAScaleUp() {
    SnapshotJson snapshot = twoNodes(pod -> { });
    snapshot.options.put("secondsSinceLastScaleUp", 60).put("scaleDownDelayAfterAddSeconds", 120);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/reason").asText()).contains("scale-down waits 120s after a scale-up");
  }

  @Test
  void scaleDownDisabledRemovesNothing() {
    SnapshotJson snapshot = twoNodes(pod -> { });
    snapshot.options.put("scaleDownEnabled", false);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo("unneeded, but scale-down is disabled");
  }

  @Test
  void nodesOutsideAutoscaledGroupsAreLeftAlone() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.node("master-1", null, "2", "8Gi", 110).put("unneededForSeconds", 3600);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.at("/notRemoved/0/reason").asText()).isEqualTo("node is not in an autoscaled node group");
  }
}
