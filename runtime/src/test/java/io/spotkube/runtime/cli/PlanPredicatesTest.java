package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * The scheduling predicates of the simulation through {@code plan}: one pending pod, one empty
 * group whose template is 2 cpu, 8Gi, 110 pods, 100Gi ephemeral storage, 1 GPU, labelled
 * {@code tier=web, generation=5} and tainted {@code spot=true:NoSchedule}.
 */
class PlanPredicatesTest {

  @TempDir
  Path dir;

  private static SnapshotJson gpuSpotGroup(Consumer<ObjectNode> pod) {
    SnapshotJson snapshot = new SnapshotJson();
    ObjectNode template = snapshot.group("ng", 0, 10, 0, "2", "8Gi", 110).with("template");
    template.with("allocatable").put("ephemeral-storage", "100Gi").put("nvidia.com/gpu", "1");
    template.with("labels").put("tier", "web").put("generation", "5");
    template.withArray("taints").addObject().put("key", "spot").put("value", "true").put("effect", "NoSchedule");
    ObjectNode subject = snapshot.pod("default", "subject", "100m", "100Mi");
    subject.putArray("tolerations").addObject().put("key", "spot").put("operator", "Equal").put("value", "true")
        .put("effect", "NoSchedule");
    pod.accept(subject);
    return snapshot;
  }

  private static Consumer<ObjectNode> affinity(String key, String operator, String... values) {
    return pod -> {
      ObjectNode requirement = pod.putArray("requiredNodeAffinity").addObject().put("key", key).put("operator", operator);
      ArrayNode array = requirement.putArray("values");
      for (String value : values) {
        array.add(value);
      }
    };
  }

  static Stream<Arguments> predicates() {
    return Stream.of(
        Arguments.of("a plain pod that tolerates the taint", (Consumer<ObjectNode>) pod -> { }, null),
        Arguments.of("no toleration", (Consumer<ObjectNode>) pod -> pod.putArray("tolerations"),
            "taint spot=true:NoSchedule"),
        Arguments.of("an Exists toleration without key", (Consumer<ObjectNode>) pod ->
            pod.putArray("tolerations").addObject().put("operator", "Exists"), null),
        Arguments.of("a toleration with another value", (Consumer<ObjectNode>) pod ->
            pod.putArray("tolerations").addObject().put("key", "spot").put("value", "false"), "taint spot=true:NoSchedule"),
        Arguments.of("a matching nodeSelector", (Consumer<ObjectNode>) pod -> pod.putObject("nodeSelector").put("tier", "web"), null),
        Arguments.of("another nodeSelector", (Consumer<ObjectNode>) pod -> pod.putObject("nodeSelector").put("tier", "db"),
            "node selector"),
        Arguments.of("affinity In", affinity("tier", "In", "web", "api"), null),
        Arguments.of("affinity In missing", affinity("tier", "In", "db"), "node affinity (tier In [db])"),
        Arguments.of("affinity NotIn", affinity("tier", "NotIn", "db"), null),
        Arguments.of("affinity NotIn hit", affinity("tier", "NotIn", "web"), "node affinity (tier NotIn [web])"),
        Arguments.of("affinity Exists", affinity("generation", "Exists"), null),
        Arguments.of("affinity Exists missing", affinity("zone", "Exists"), "node affinity (zone Exists)"),
        Arguments.of("affinity DoesNotExist", affinity("zone", "DoesNotExist"), null),
        Arguments.of("affinity DoesNotExist hit", affinity("tier", "DoesNotExist"), "node affinity (tier DoesNotExist)"),
        Arguments.of("affinity Gt", affinity("generation", "Gt", "4"), null),
        Arguments.of("affinity Gt equal", affinity("generation", "Gt", "5"), "node affinity (generation Gt [5])"),
        Arguments.of("affinity Lt", affinity("generation", "Lt", "6"), null),
        Arguments.of("affinity Lt on a non-number label", affinity("tier", "Lt", "6"), "node affinity (tier Lt [6])"),
        Arguments.of("one GPU", (Consumer<ObjectNode>) pod -> pod.with("requests").put("nvidia.com/gpu", "1"), null),
        Arguments.of("two GPUs", (Consumer<ObjectNode>) pod -> pod.with("requests").put("nvidia.com/gpu", "2"), "nvidia.com/gpu"),
        Arguments.of("an unknown extended resource", (Consumer<ObjectNode>) pod ->
            pod.with("requests").put("example.com/fpga", "1"), "example.com/fpga"),
        Arguments.of("ephemeral storage that fits", (Consumer<ObjectNode>) pod ->
            pod.with("requests").put("ephemeral-storage", "50Gi"), null),
        Arguments.of("too much ephemeral storage", (Consumer<ObjectNode>) pod ->
            pod.with("requests").put("ephemeral-storage", "200Gi"), "ephemeral-storage"),
        Arguments.of("memory in plain bytes", (Consumer<ObjectNode>) pod ->
            pod.with("requests").put("memory", "8589934592"), null),
        Arguments.of("one byte more memory than the node", (Consumer<ObjectNode>) pod ->
            pod.with("requests").put("memory", "8589934593"), "memory"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("predicates")
  void aPendingPodTriggersAScaleUpOnlyWhenTheTemplatePassesEveryPredicate(String situation,
      Consumer<ObjectNode> pod, String failure) {
    JsonNode plan = gpuSpotGroup(pod).plan(dir);

    if (failure == null) {
      assertThat(texts(plan.get("scaleUp"), "description")).containsExactly("0->1 (max: 10)");
      assertThat(plan.get("unschedulable")).isEmpty();
    } else {
      assertThat(plan.get("scaleUp")).isEmpty();
      assertThat(plan.at("/unschedulable/0/reason").asText()).isEqualTo("no node group can fit: " + failure);
    }
  }

  private static void spread(ObjectNode pod, String key, int maxSkew) {
    pod.putObject("labels").put("app", "spread");
    pod.putArray("topologySpreadConstraints").addObject().put("maxSkew", maxSkew).put("topologyKey", key)
        .put("whenUnsatisfiable", "DoNotSchedule").putObject("labelSelector").put("app", "spread");
  }

  /**
   * A full node without matching pods: as in the scheduler, it is a hostname domain with zero pods,
   * so the skew on every new node counts from zero. (With no eligible node at all the scheduler
   * would stack every pod on the first node, and so does the simulation.)
   */
  private static SnapshotJson busyNodeWithoutSpreadPods() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "4", "16Gi", 110);
    snapshot.node("busy", "ng", "4", "16Gi", 110);
    snapshot.pod("default", "filler", "4", null).put("nodeName", "busy");
    return snapshot;
  }

  @Test
  void hostnameSpreadPutsOnePodPerNewNode() {
    SnapshotJson snapshot = busyNodeWithoutSpreadPods();
    snapshot.pods("spread", 4, "100m", "100Mi").forEach(pod -> spread(pod, "kubernetes.io/hostname", 1));

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(4);
  }

  @Test
  void hostnameSpreadWithSkewTwoPacksTwoPerNode() {
    SnapshotJson snapshot = busyNodeWithoutSpreadPods();
    snapshot.pods("spread", 4, "100m", "100Mi").forEach(pod -> spread(pod, "kubernetes.io/hostname", 2));

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(2);
  }

  @Test
  void zoneSpreadChoosesTheGroupInTheEmptierZone() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("expander", "priority");
    // Priority prefers zone a; the spread constraint must overrule it.
    snapshot.options.putObject("priorities").putArray("10").add("zone-a");
    snapshot.group("ng-zone-a", 0, 10, 1, "1", "4Gi", 110).with("template").with("labels")
        .put("topology.kubernetes.io/zone", "eu-west-1a");
    snapshot.group("ng-zone-b", 0, 10, 1, "1", "4Gi", 110).with("template").with("labels")
        .put("topology.kubernetes.io/zone", "eu-west-1b");
    snapshot.node("node-a", "ng-zone-a", "1", "4Gi", 110).with("labels").put("topology.kubernetes.io/zone", "eu-west-1a");
    snapshot.node("node-b", "ng-zone-b", "1", "4Gi", 110).with("labels").put("topology.kubernetes.io/zone", "eu-west-1b");
    spread(snapshot.pod("default", "running-a", "1", null).put("nodeName", "node-a"), "topology.kubernetes.io/zone", 1);
    ObjectNode full = snapshot.pod("default", "filler-b", "1", null).put("nodeName", "node-b");
    full.putObject("labels").put("app", "other");
    spread(snapshot.pod("default", "pending", "500m", null), "topology.kubernetes.io/zone", 1);

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng-zone-b");
  }

  @Test
  void aZoneSpreadPodCannotUseATemplateWithoutZone() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 0, "4", "16Gi", 110);
    spread(snapshot.pod("default", "pending", "100m", null), "topology.kubernetes.io/zone", 1);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.at("/unschedulable/0/pod").asText()).isEqualTo("default/pending");
    assertThat(plan.at("/unschedulable/0/reason").asText())
        .isEqualTo("no node group can fit: topology spread: node has no label topology.kubernetes.io/zone");
  }

  @Test
  void pendingPodsFillFreeCapacityOfExistingNodesFirst() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "2", "8Gi", 110);
    snapshot.node("node-1", "ng", "2", "8Gi", 110);
    snapshot.pods("web", 4, "500m", "512Mi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.get("unschedulable")).isEmpty();
  }

  @Test
  void aCordonedNodeTakesNoPendingPods() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "2", "8Gi", 110);
    snapshot.node("node-1", "ng", "2", "8Gi", 110).put("unschedulable", true);
    snapshot.pods("web", 4, "500m", "512Mi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "description")).containsExactly("1->2 (max: 10)");
  }
}
