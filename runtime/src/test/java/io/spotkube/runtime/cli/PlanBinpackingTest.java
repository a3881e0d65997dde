package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-up sizes through {@code plan}, reproducing cluster-autoscaler's binpacking estimator tests
 * (template node 1000m cpu, 2000Mi memory, 10 pods) and the kOps tutorial's demo.
 */
class PlanBinpackingTest {

  @TempDir
  Path dir;

  private static SnapshotJson emptyGroup(String cpu, int maxSize) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, maxSize, 0, cpu, "2000Mi", 10);
    return snapshot;
  }

  @Test
  void tenPodsOf350mNeedFiveNodesOfOneCore() {
    SnapshotJson snapshot = emptyGroup("1000m", 100);
    snapshot.pods("web", 10, "350m", "1000");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/nodeGroup").asText()).isEqualTo("ng");
    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(5);
    assertThat(plan.at("/scaleUp/0/podsHelped")).hasSize(10);
    assertThat(plan.get("unschedulable")).isEmpty();
  }

  @Test
  void twentyTinyPodsAreLimitedByThePodCountNotByCpu() {
    SnapshotJson snapshot = emptyGroup("10000m", 100);
    snapshot.pods("tiny", 20, "10m", "1000");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(2);
  }

  @Test
  void podsWantingTheSameHostPortNeedOneNodeEach() {
    SnapshotJson snapshot = emptyGroup("1000m", 100);
    snapshot.pods("agent", 8, "10m", "1000").forEach(pod -> pod.putArray("hostPorts").add(8080));

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(8);
  }

  @Test
  void aGroupWithFiveNodesLeftTakesTenPodsAndLeavesTenUnschedulable() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 5, "1000m", "2000Mi", 10);
    for (int i = 0; i < 5; i++) {
      // Five full nodes: the group has 5 nodes left before its max of 10.
      snapshot.node("full-" + i, "ng", "1000m", "2000Mi", 10);
      snapshot.pod("default", "filler-" + i, "1000m", null).put("nodeName", "full-" + i);
    }
    snapshot.pods("web", 20, "500m", "1000");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/from").asInt()).isEqualTo(5);
    assertThat(plan.at("/scaleUp/0/to").asInt()).isEqualTo(10);
    assertThat(plan.at("/scaleUp/0/podsHelped")).hasSize(10);
    assertThat(plan.get("unschedulable")).hasSize(10);
    assertThat(texts(plan.get("unschedulable"), "reason")).allMatch(reason -> reason.contains("max size 10 reached"));
  }

  @Test
  void upcomingNodesTakePendingPodsBeforeAnyNewScaleUp() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 2, "1000m", "2000Mi", 10);
    snapshot.pods("web", 4, "500m", "1000");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.get("unschedulable")).isEmpty();
  }

  @Test
  void maxNodesTotalCapsTheScaleUp() {
    SnapshotJson snapshot = emptyGroup("1000m", 100);
    snapshot.options.put("maxNodesTotal", 3);
    snapshot.pods("web", 10, "500m", "1000");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(3);
    assertThat(texts(plan.get("unschedulable"), "reason")).hasSize(4)
        .allMatch(reason -> reason.contains("max nodes total 3 reached"));
  }

  @Test
  void aPodBiggerThanEveryTemplateIsReportedWithTheMissingResource() {
    SnapshotJson snapshot = emptyGroup("1000m", 100);
    snapshot.pod("default", "big-pod", "2", "1Gi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.at("/unschedulable/0/pod").asText()).isEqualTo("default/big-pod");
    assertThat(plan.at("/unschedulable/0/reason").asText()).isEqualTo("no node group can fit: cpu");
  }

  @Test
  void backedOffGroupsAreNeverChosen() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("a-spot", 0, 10, 0, "2", "8Gi", 110).put("backedOff", true);
    snapshot.group("b-spot", 0, 10, 0, "2", "8Gi", 110);
    snapshot.pods("web", 3, "500m", "512Mi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("b-spot");
  }

  /**
   * The kOps Spot tutorial: nginx-app scaled to 20 replicas on a cluster with one
   * spot-group-base-2vcpus-8gb node; cluster-autoscaler logs "Final scale-up plan: 1->5 (max: 5)".
   */
  @Test
  void tutorialDemoScalesTheTwoVcpuSpotGroupFromOneToFive() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("expander", "random").put("balanceSimilarNodeGroups", true);
    snapshot.group("spot-group-base-2vcpus-8gb", 1, 5, 1, "2", "8Gi", 110)
        .with("template").with("labels").put("kops.k8s.io/lifecycle", "Spot");
    snapshot.node("ip-10-0-1-10.eu-west-1.compute.internal", "spot-group-base-2vcpus-8gb", "2", "8Gi", 110)
        .with("labels").put("kops.k8s.io/lifecycle", "Spot");
    for (int i = 1; i <= 20; i++) {
      snapshot.pod("default", "nginx-app-" + i, "500m", "512Mi").putObject("labels").put("app", "nginx");
    }

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).hasSize(1);
    assertThat(plan.at("/scaleUp/0/nodeGroup").asText()).isEqualTo("spot-group-base-2vcpus-8gb");
    assertThat(plan.at("/scaleUp/0/description").asText()).isEqualTo("1->5 (max: 5)");
    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(4);
    assertThat(plan.get("unschedulable")).isEmpty();
  }

  @Test
  void newNodesKeepRoomForTheDaemonSetsTheGroupsNodesRun() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 100, 1, "1000m", "2000Mi", 10);
    snapshot.node("existing", "ng", "1000m", "2000Mi", 10);
    snapshot.pod("kube-system", "kube-proxy-existing", "500m", "100Mi").put("nodeName", "existing")
        .put("ownerKind", "DaemonSet");
    snapshot.pod("default", "filler", "500m", null).put("nodeName", "existing");
    snapshot.pods("web", 10, "350m", "1000");

    JsonNode plan = snapshot.plan(dir);

    // 500m of every new node goes to the DaemonSet: one 350m pod per node instead of two.
    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(10);
  }

  @Test
  void expendablePodsBelowThePriorityCutoffTriggerNoScaleUp() {
    SnapshotJson snapshot = emptyGroup("1000m", 100);
    snapshot.pod("default", "placeholder", "500m", null).put("priority", -11);
    snapshot.pod("default", "overprovisioning", "500m", null).put("priority", -1);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/podsHelped")).hasSize(1);
    assertThat(plan.at("/scaleUp/0/podsHelped/0").asText()).isEqualTo("default/overprovisioning");
  }

  @Test
  void theOrderOfNodesAndPodsInTheSnapshotDoesNotChangeThePlan() {
    SnapshotJson forward = new SnapshotJson();
    SnapshotJson backward = new SnapshotJson();
    for (SnapshotJson snapshot : List.of(forward, backward)) {
      snapshot.group("ng-a", 0, 10, 3, "2", "8Gi", 110);
      snapshot.group("ng-b", 0, 10, 0, "2", "8Gi", 110);
    }
    for (int i = 0; i < 3; i++) {
      forward.node("node-" + i, "ng-a", "2", "8Gi", 110).put("unneededForSeconds", 3600);
      backward.node("node-" + (2 - i), "ng-a", "2", "8Gi", 110).put("unneededForSeconds", 3600);
    }
    // Two pending pods fill one node; which node that is decides which two empty nodes go.
    for (int i = 0; i < 2; i++) {
      forward.pod("default", "web-" + i, "700m", "1Gi");
      backward.pod("default", "web-" + (1 - i), "700m", "1Gi");
    }

    JsonNode plan = forward.plan(dir);

    assertThat(backward.plan(dir)).isEqualTo(plan);
    assertThat(texts(plan.get("scaleDown"), "node")).containsExactly("node-1", "node-2");
  }
}
