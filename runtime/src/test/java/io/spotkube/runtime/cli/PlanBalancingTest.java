package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Balancing similar groups through {@code plan}, on groups in three zones with zone-pinned and
 * zone-spread workloads, as upstream's ScaleUpOrchestrator: the estimate may use the combined headroom
 * of the chosen group and its similar groups, and only groups that can take every pod group the chosen
 * group can take are similar.
 */
class PlanBalancingTest {

  private static final String[] ZONES = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};

  @TempDir
  Path dir;

  /**
   * Two Spot groups per zone (4 cpu, max 10), one full node each; pending: unpinned batch pods (2 cpu),
   * pods pinned to zone a (24) and to zone b (8), and a zone-spread workload whose running replicas are
   * in zones b and c, so its next replica may only go to zone a. The priority expander picks spot-1a-1.
   */
  private static SnapshotJson threeZones(int webAPods) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("balanceSimilarNodeGroups", true).put("expander", "priority");
    snapshot.options.putObject("priorities").putArray("10").add("^spot-1a-1$");
    for (String zone : ZONES) {
      String suffix = zone.substring(zone.length() - 2);
      for (int g = 1; g <= 2; g++) {
        String group = "spot-" + suffix + "-" + g;
        snapshot.group(group, 0, 10, 1, "4", "16Gi", 110).with("template").with("labels")
            .put("topology.kubernetes.io/zone", zone).put("kops.k8s.io/lifecycle", "Spot");
        String node = group + "-node";
        snapshot.node(node, group, "4", "16Gi", 110).with("labels")
            .put("topology.kubernetes.io/zone", zone).put("kops.k8s.io/lifecycle", "Spot");
        boolean spreadReplicaHere = g == 1 && !zone.equals("eu-west-1a");
        snapshot.pod("default", "filler-" + node, spreadReplicaHere ? "3" : "4", null).put("nodeName", node);
        if (spreadReplicaHere) {
          spread(snapshot, "spread-running-" + suffix).put("nodeName", node);
        }
      }
    }
    snapshot.pods("batch", 20, "2", "2Gi");
    pinned(snapshot, "web-a", webAPods, "eu-west-1a");
    pinned(snapshot, "web-b", 8, "eu-west-1b");
    for (int i = 0; i < 3; i++) {
      spread(snapshot, "spread-" + i);
    }
    return snapshot;
  }

  private static void pinned(SnapshotJson snapshot, String prefix, int count, String zone) {
    snapshot.pods(prefix, count, "1", "1Gi")
        .forEach(pod -> pod.putObject("nodeSelector").put("topology.kubernetes.io/zone", zone));
  }

  private static ObjectNode spread(SnapshotJson snapshot, String name) {
    ObjectNode pod = snapshot.pod("default", name, "1", "1Gi");
    pod.putObject("labels").put("app", "spread");
    ObjectNode constraint = pod.putArray("topologySpreadConstraints").addObject().put("maxSkew", 1)
        .put("topologyKey", "topology.kubernetes.io/zone").put("whenUnsatisfiable", "DoNotSchedule");
    constraint.putObject("labelSelector").put("app", "spread");
    return pod;
  }

  private static Map<String, String> descriptions(JsonNode plan) {
    Map<String, String> descriptions = new LinkedHashMap<>();
    plan.get("scaleUp").forEach(scaleUp ->
        descriptions.put(scaleUp.get("nodeGroup").asText(), scaleUp.get("description").asText()));
    return descriptions;
  }

  private static Map<String, String> reasons(JsonNode plan) {
    Map<String, String> reasons = new LinkedHashMap<>();
    plan.get("unschedulable").forEach(pod -> reasons.put(pod.get("pod").asText(), pod.get("reason").asText()));
    return reasons;
  }

  @Test
  void aLoopAddsTheNodesOfTheChosenGroupsEstimateOverItsZoneWithinTheirCombinedHeadroom() {
    JsonNode plan = threeZones(24).plan(dir);

    // 10 nodes for 20 batch pods, 1 for two spread replicas (zone a has none yet) and 2 web-a pods,
    // 6 for the other 22 web-a pods: 17, more than spot-1a-1's own room (9), within 9 + 9.
    assertThat(descriptions(plan)).containsExactly(
        Map.entry("spot-1a-1", "1->10 (max: 10)"), Map.entry("spot-1a-2", "1->9 (max: 10)"));
    assertThat(plan.at("/scaleUp/0/podsHelped")).hasSize(20 + 2 + 24);
    Map<String, String> reasons = reasons(plan);
    // Zones b and c cannot take the zone-a pods nor, now, the spread replicas: never balanced into.
    assertThat(reasons).containsOnlyKeys("default/spread-2", "default/web-b-00", "default/web-b-01",
        "default/web-b-02", "default/web-b-03", "default/web-b-04", "default/web-b-05", "default/web-b-06",
        "default/web-b-07");
    assertThat(reasons.get("default/spread-2")).isEqualTo("no node group can fit: topology spread on topology.kubernetes.io/zone");
    assertThat(reasons.get("default/web-b-00")).isEqualTo("waits for the next loop: node group spot-1a-1 was chosen in this one");
    assertThat(reasons.values()).noneMatch(reason -> reason.contains("max size"));
  }

  @Test
  void podsLeftOverAreMaxSizeReachedOnlyWhenTheChosenGroupAndItsSimilarGroupsAreFull() {
    // 40 web-a pods: the 18 nodes the two zone-a groups have room for take 30 of them; 10 are left.
    JsonNode plan = threeZones(40).plan(dir);

    assertThat(descriptions(plan)).containsExactly(
        Map.entry("spot-1a-1", "1->10 (max: 10)"), Map.entry("spot-1a-2", "1->10 (max: 10)"));
    Map<String, String> reasons = reasons(plan);
    assertThat(texts(plan.get("unschedulable"), "pod")).filteredOn(pod -> pod.startsWith("default/web-a-")).hasSize(10);
    assertThat(reasons.get("default/web-a-39")).startsWith("no node group can take it: ")
        .contains("spot-1a-1: max size reached in it and its 1 similar group (18 new nodes)")
        .contains("spot-1a-2: max size reached in it and its 1 similar group (18 new nodes)")
        .contains("spot-1b-1: node selector");
  }
}
