package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulation's scheduling rules beyond resources, through {@code plan}: inter-pod affinity and
 * anti-affinity (hostname and zone), every term of a node affinity, spread selectors with
 * expressions, the scale-down-disabled node annotation and unready nodes.
 */
class PlanAffinityTest {

  private static final String HOSTNAME = "kubernetes.io/hostname";
  private static final String ZONE = "topology.kubernetes.io/zone";

  @TempDir
  Path dir;

  private static ObjectNode term(ArrayNode terms, String topologyKey, String app) {
    ObjectNode term = terms.addObject().put("topologyKey", topologyKey);
    term.putObject("labelSelector").put("app", app);
    return term;
  }

  private static SnapshotJson roomyNodeWithOneWebPod() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "4", "16Gi", 110);
    snapshot.node("n1", "ng", "4", "16Gi", 110);
    snapshot.pod("default", "web-running", "100m", "100Mi").put("nodeName", "n1").putObject("labels").put("app", "web");
    return snapshot;
  }

  @Test
  void hostnameAntiAffinityGivesEachReplicaItsOwnNewNode() {
    SnapshotJson snapshot = roomyNodeWithOneWebPod();
    snapshot.pods("web", 3, "100m", "100Mi").forEach(pod -> {
      pod.putObject("labels").put("app", "web");
      term(pod.putArray("requiredPodAntiAffinity"), HOSTNAME, "web");
    });

    JsonNode plan = snapshot.plan(dir);

    // n1 has room for all three, but it already runs a web pod, and so will each new node.
    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(3);
  }

  @Test
  void anExistingPodsAntiAffinityKeepsOthersOffItsNode() {
    SnapshotJson snapshot = roomyNodeWithOneWebPod();
    ObjectNode loner = snapshot.pod("default", "loner", "100m", "100Mi").put("nodeName", "n1");
    loner.putObject("labels").put("app", "loner");
    term(loner.putArray("requiredPodAntiAffinity"), HOSTNAME, "batch");
    snapshot.pod("default", "batch-1", "100m", "100Mi").putObject("labels").put("app", "batch");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(1);
    assertThat(plan.at("/scaleUp/0/podsHelped/0").asText()).isEqualTo("default/batch-1");
  }

  private static SnapshotJson twoZonesPreferringA() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("expander", "priority");
    snapshot.options.putObject("priorities").putArray("10").add("zone-a");
    snapshot.group("ng-zone-a", 0, 10, 1, "2", "8Gi", 110).with("template").with("labels").put(ZONE, "eu-west-1a");
    snapshot.group("ng-zone-b", 0, 10, 1, "2", "8Gi", 110).with("template").with("labels").put(ZONE, "eu-west-1b");
    snapshot.node("a1", "ng-zone-a", "2", "8Gi", 110).with("labels").put(ZONE, "eu-west-1a");
    snapshot.node("b1", "ng-zone-b", "2", "8Gi", 110).with("labels").put(ZONE, "eu-west-1b");
    snapshot.pod("default", "fill-a", "2", null).put("nodeName", "a1");
    snapshot.pod("default", "fill-b", "2", null).put("nodeName", "b1");
    return snapshot;
  }

  @Test
  void zoneAffinityOverrulesTheExpanderAndPicksTheZoneOfThePodItWants() {
    SnapshotJson snapshot = twoZonesPreferringA();
    snapshot.pod("default", "db-0", "0", null).put("nodeName", "b1").putObject("labels").put("app", "db");
    ObjectNode client = snapshot.pod("default", "client", "500m", "100Mi");
    term(client.putArray("requiredPodAffinity"), ZONE, "db");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng-zone-b");
  }

  @Test
  void zoneAntiAffinityOverrulesTheExpanderAndAvoidsTheZoneOfThePodItShuns() {
    SnapshotJson snapshot = twoZonesPreferringA();
    snapshot.pod("default", "db-0", "0", null).put("nodeName", "a1").putObject("labels").put("app", "db");
    ObjectNode replica = snapshot.pod("default", "db-1", "500m", "100Mi");
    replica.putObject("labels").put("app", "db");
    term(replica.putArray("requiredPodAntiAffinity"), ZONE, "db");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng-zone-b");
  }

  @Test
  void hostnameAffinityToAPodOnAFullNodeCannotBeHelpedByANewNode() {
    SnapshotJson snapshot = twoZonesPreferringA();
    snapshot.pod("default", "db-0", "0", null).put("nodeName", "a1").putObject("labels").put("app", "db");
    ObjectNode sidecar = snapshot.pod("default", "sidecar", "500m", "100Mi");
    term(sidecar.putArray("requiredPodAffinity"), HOSTNAME, "db");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.at("/unschedulable/0/reason").asText()).contains("pod affinity (kubernetes.io/hostname {app=db})");
  }

  @Test
  void selfAffinityLetsTheFirstReplicaStartAGroupAndPacksTheRestWithIt() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 0, "2", "8Gi", 110);
    snapshot.pods("cache", 3, "500m", "100Mi").forEach(pod -> {
      pod.putObject("labels").put("app", "cache");
      term(pod.putArray("requiredPodAffinity"), HOSTNAME, "cache");
    });

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(1);
    assertThat(plan.at("/scaleUp/0/podsHelped")).hasSize(3);
  }

  private static SnapshotJson webGroupAndPodWithTerms(String... firstTermValues) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 0, "2", "8Gi", 110).with("template").with("labels").put("tier", "web");
    ArrayNode terms = snapshot.pod("default", "subject", "100m", "100Mi").putArray("requiredNodeAffinityTerms");
    for (String value : firstTermValues) {
      terms.addArray().addObject().put("key", "tier").put("operator", "In").putArray("values").add(value);
    }
    return snapshot;
  }

  @Test
  void nodeAffinityTermsAreOredNotOnlyTheFirstRead() {
    JsonNode plan = webGroupAndPodWithTerms("db", "web").plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng");
  }

  @Test
  void noMatchingNodeAffinityTermNamesHowManyFailed() {
    JsonNode plan = webGroupAndPodWithTerms("db", "cache").plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.at("/unschedulable/0/reason").asText())
        .isEqualTo("no node group can fit: node affinity (none of its 2 terms)");
  }

  @Test
  void spreadSelectorExpressionsCountOnlyThePodsTheySelect() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "4", "16Gi", 110);
    snapshot.node("busy", "ng", "4", "16Gi", 110);
    snapshot.pod("default", "filler", "4", null).put("nodeName", "busy").putObject("labels").put("app", "filler");
    snapshot.pods("spread", 4, "100m", "100Mi").forEach(pod -> {
      pod.putObject("labels").put("app", "spread");
      ObjectNode constraint = pod.putArray("topologySpreadConstraints").addObject().put("maxSkew", 1)
          .put("topologyKey", HOSTNAME).put("whenUnsatisfiable", "DoNotSchedule");
      constraint.putArray("labelSelectorExpressions").addObject().put("key", "app").put("operator", "In")
          .putArray("values").add("spread");
    });

    JsonNode plan = snapshot.plan(dir);

    // Selecting the filler too (an expression ignored), the busy node's count of 1 would let two
    // spread pods share each new node.
    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(4);
  }

  private static SnapshotJson emptyNodeUnneededLongEnough() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 2, "2", "8Gi", 110);
    snapshot.node("keep", "ng", "2", "8Gi", 110);
    snapshot.pod("default", "busy", "1500m", null).put("nodeName", "keep");
    snapshot.node("idle", "ng", "2", "8Gi", 110).put("unneededForSeconds", 3600);
    return snapshot;
  }

  @Test
  void anUnneededNodeGoesWithoutTheScaleDownDisabledAnnotation() {
    JsonNode plan = emptyNodeUnneededLongEnough().plan(dir);

    assertThat(texts(plan.get("scaleDown"), "node")).containsExactly("idle");
  }

  @Test
  void theScaleDownDisabledAnnotationKeepsAnUnneededNode() {
    SnapshotJson snapshot = emptyNodeUnneededLongEnough();
    ((ObjectNode) snapshot.nodes.get(1)).putObject("annotations")
        .put("cluster-autoscaler.kubernetes.io/scale-down-disabled", "true");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.get("notRemoved").toString())
        .contains("{\"node\":\"idle\",\"reason\":\"node has annotation cluster-autoscaler.kubernetes.io/scale-down-disabled=true\"}");
  }

  @Test
  void anUnreadyNodeIsNoCapacityForAPendingPod() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "2", "8Gi", 110);
    snapshot.node("unready", "ng", "2", "8Gi", 110).put("ready", false);
    snapshot.pod("default", "web", "500m", "100Mi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(1);
  }

  @Test
  void aReadyNodeWithRoomTakesThePendingPod() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "2", "8Gi", 110);
    snapshot.node("ready", "ng", "2", "8Gi", 110);
    snapshot.pod("default", "web", "500m", "100Mi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
  }
}
