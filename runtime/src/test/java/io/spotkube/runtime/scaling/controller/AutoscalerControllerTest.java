package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.Scraped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller against real protocol servers: Auto Scaling and EC2 in moto (with the
 * scaling-activities stand-in in front), Kubernetes from the fabric8 mock server in CRUD mode.
 */
class AutoscalerControllerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @RegisterExtension
  static final ScalingServers SERVERS = new ScalingServers();

  private final MetricsRegistry registry = new MetricsRegistry();
  private final ScalingMetrics metrics = new RegistryScalingMetrics(registry);
  private ScalingWorld world;

  @BeforeEach
  void world() {
    world = SERVERS.world();
  }

  private void awaitSeen(int nodes, int pods) {
    Await.until(DEADLINE, "informers see " + nodes + " nodes and " + pods + " pods", () ->
        world.seen().nodes().size() == nodes && world.seen().pods().size() == pods);
  }

  @Test
  void aPendingPodRaisesTheDesiredCapacityOfTheGroupItFits() throws Exception {
    world.createGroup("spot-group-base-2vcpus-8gb", 0, 5, 0, "m5.large", "m5a.large");
    world.createGroup("spot-group-base-4vcpus-16gb", 0, 5, 0, "m5.xlarge", "m5a.xlarge");
    world.createPod("nginx-app-1", null, "3");
    world.createPod("too-big", null, "64");
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of("--cluster-name", ScalingWorld.CLUSTER,
        "--expander=random", "--balance-similar-node-groups", "--scan-interval=1s"));

    try (ScalingWorld.Replica service = world.replica(settings, metrics, "autoscaler-test-0")) {
      service.start();

      Await.until(DEADLINE, "the 4-vCPU group to be raised to 1",
          () -> world.desired("spot-group-base-4vcpus-16gb") == 1);
      assertThat(world.desired("spot-group-base-2vcpus-8gb")).isZero();
      assertThat(service.isLeading()).isTrue();
      assertThat(world.kubernetes.leases().inNamespace("kube-system").withName("cluster-autoscaler").get()
          .getSpec().getHolderIdentity()).isEqualTo("autoscaler-test-0");
      Await.until(DEADLINE, "a TriggeredScaleUp event on the pod", () -> world.kubernetes.v1().events()
          .inNamespace("default").list().getItems().stream().map(Event::getReason).anyMatch("TriggeredScaleUp"::equals));
      Await.until(DEADLINE, "a NotTriggerScaleUp event on the pod no group can fit", () -> world.kubernetes.v1()
          .events().inNamespace("default").list().getItems().stream().anyMatch(event ->
              event.getReason().equals("NotTriggerScaleUp") && event.getInvolvedObject().getName().equals("too-big")
                  && event.getMessage().contains("no node group can fit: cpu")));
      Await.until(DEADLINE, "the status ConfigMap", () -> world.kubernetes.configMaps().inNamespace("kube-system")
          .withName("cluster-autoscaler-status").get() != null);
      assertThat(world.kubernetes.configMaps().inNamespace("kube-system").withName("cluster-autoscaler-status").get()
          .getData().get("status")).contains("name: spot-group-base-4vcpus-16gb", "scaleUp: InProgress");
    }
    assertThat(Scraped.value(registry,
        "cluster_autoscaler_scaled_up_nodes_total{node_group=\"spot-group-base-4vcpus-16gb\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void anEmptyNodePastItsUnneededTimeIsTerminatedWithDesiredDecremented() {
    world.createGroup("spot-a", 0, 5, 2, "m5.large");
    List<String> instances = world.instances("spot-a");
    assertThat(instances).hasSize(2);
    String nodeBusy = world.createNode(instances.get(0));
    String nodeEmpty = world.createNode(instances.get(1));
    world.createPod("busy-1", nodeBusy, "1500m");
    AutoscalerLoop loop = world.loop(metrics, "--scale-down-unneeded-time=10m");
    awaitSeen(2, 1);
    Instant start = Instant.now();

    Plan first = loop.runOnce(start);

    assertThat(first.unneeded()).containsExactly(nodeEmpty);
    assertThat(first.scaleDown()).isEmpty();
    assertThat(world.desired("spot-a")).isEqualTo(2);
    Await.until(DEADLINE, "the soft taint on the candidate", () -> world.kubernetes.nodes().withName(nodeEmpty)
        .get().getSpec().getTaints().stream().anyMatch(t -> t.getKey().equals("DeletionCandidateOfClusterAutoscaler")));

    Plan later = loop.runOnce(start.plus(Duration.ofMinutes(11)));

    assertThat(later.scaleDown()).extracting(Plan.ScaleDown::node).containsExactly(nodeEmpty);
    assertThat(world.desired("spot-a")).isEqualTo(1);
    assertThat(world.instances("spot-a")).containsExactly(instances.get(0));
    assertThat(world.kubernetes.nodes().withName(nodeEmpty).get().getSpec().getTaints())
        .anyMatch(t -> t.getKey().equals("ToBeDeletedByClusterAutoscaler") && t.getEffect().equals("NoSchedule"));
  }

  @Test
  void aFailedSpotLaunchBacksTheGroupOffAndTheNextGroupIsUsedWithinTwoLoops() {
    world.createGroup("spot-a-2vcpus-8gb", 0, 5, 0, "m5.large", "m5a.large");
    world.createGroup("spot-b-2vcpus-8gb", 0, 5, 0, "m5n.large", "m5d.large");
    world.kubernetes.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("cluster-autoscaler-priority-expander").withNamespace("kube-system").endMetadata()
        .withData(Map.of("priorities", "20:\n  - .*spot-a.*\n10:\n  - .*spot-b.*\n")).build()).create();
    world.createPod("nginx-app-1", null, "1");
    AutoscalerLoop loop = world.loop(metrics, "--expander=priority");
    awaitSeen(0, 1);
    Instant start = Instant.now();

    loop.runOnce(start);
    assertThat(world.desired("spot-a-2vcpus-8gb")).isEqualTo(1);
    SERVERS.standIn().script("spot-a-2vcpus-8gb", new ScalingActivitiesStandIn.Activity("Failed",
        "Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity available that "
            + "matches your request. Launching EC2 instance failed.", start.plusSeconds(2)));

    Plan second = loop.runOnce(start.plusSeconds(10));

    assertThat(SERVERS.standIn().activityCalls()).contains("spot-a-2vcpus-8gb");
    assertThat(second.scaleUp()).extracting(Plan.ScaleUp::nodeGroup).containsExactly("spot-b-2vcpus-8gb");
    assertThat(world.desired("spot-b-2vcpus-8gb")).isEqualTo(1);
    assertThat(world.desired("spot-a-2vcpus-8gb")).isZero();
    assertThat(Scraped.value(registry,
        "cluster_autoscaler_failed_scale_ups_total{node_group=\"spot-a-2vcpus-8gb\",reason=\"capacity\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void aNodeAboutToBeInterruptedGetsItsReplacementRequestedAtOnce() {
    world.createGroup("spot-a", 1, 5, 1, "m5.large");
    String instance = world.instances("spot-a").get(0);
    String node1 = world.createNode(instance);
    world.createPod("web-1", node1, "1500m");
    InterruptedNodes interrupted = new InterruptedNodes();
    AutoscalerLoop loop = world.loop(metrics, interrupted);
    awaitSeen(1, 1);
    Instant now = Instant.now();

    assertThat(loop.runOnce(now).scaleUp()).isEmpty();
    interrupted.nodeWillBeLost(node1, now.plus(Duration.ofMinutes(2)));
    Plan plan = loop.runOnce(now.plusSeconds(10));

    assertThat(plan.scaleUp()).extracting(Plan.ScaleUp::describe).containsExactly("1->2 (max: 5)");
    assertThat(world.desired("spot-a")).isEqualTo(2);
  }

  @Test
  void aNodeTheHandlerTaintedForAnInterruptionGetsItsReplacementWithoutAnInProcessReport() {
    world.createGroup("spot-a", 1, 5, 1, "m5.large");
    String instance = world.instances("spot-a").get(0);
    String node1 = world.createNode(instance);
    world.createPod("web-1", node1, "1500m");
    AutoscalerLoop loop = world.loop(metrics);
    awaitSeen(1, 1);
    Instant now = Instant.now();
    assertThat(loop.runOnce(now).scaleUp()).isEmpty();

    // What a handler in another replica writes when the Spot warning comes.
    world.kubernetes.nodes().withName(node1).edit(node -> {
      node.getSpec().setUnschedulable(true);
      node.getSpec().setTaints(List.of(new io.fabric8.kubernetes.api.model.TaintBuilder()
          .withKey("aws-node-termination-handler/spot-itn").withValue("event-1").withEffect("NoSchedule").build()));
      return node;
    });
    Await.until(DEADLINE, "the cache to see the taint", () -> world.seen().nodes().get(0).taints().size() == 1);
    Plan plan = loop.runOnce(now.plusSeconds(10));

    assertThat(plan.scaleUp()).extracting(Plan.ScaleUp::describe).containsExactly("1->2 (max: 5)");
    assertThat(world.desired("spot-a")).isEqualTo(2);
  }

  @Test
  void aNewLeaderLiftsTheScaleDownTaintsADeadReplicaLeftBehind() {
    world.createGroup("spot-a", 1, 5, 1, "m5.large");
    String node1 = world.createNode(world.instances("spot-a").get(0));
    world.kubernetes.nodes().withName(node1).edit(node -> {
      node.getSpec().setTaints(List.of(
          new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("ToBeDeletedByClusterAutoscaler")
              .withValue("1700000000").withEffect("NoSchedule").build(),
          new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("dedicated").withValue("web")
              .withEffect("NoSchedule").build()));
      return node;
    });
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of("--cluster-name", ScalingWorld.CLUSTER,
        "--scan-interval=1s"));
    awaitSeen(1, 0);

    try (ScalingWorld.Replica replica = world.replica(settings, metrics, "replica-new")) {
      replica.start();

      Await.until(DEADLINE, "the leftover taint to be lifted", () -> world.kubernetes.nodes().withName(node1).get()
          .getSpec().getTaints().stream().noneMatch(t -> t.getKey().equals("ToBeDeletedByClusterAutoscaler")));
      assertThat(world.kubernetes.nodes().withName(node1).get().getSpec().getTaints())
          .extracting(io.fabric8.kubernetes.api.model.Taint::getKey).containsExactly("dedicated");
    }
  }

  @Test
  void aReplicaThatLostTheLeaseContendsAgainAndLeadsOnceItIsFree() {
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of("--cluster-name", ScalingWorld.CLUSTER,
        "--scan-interval=1s"));
    try (ScalingWorld.Replica replica = world.replica(settings, metrics, "replica-a")) {
      replica.start();
      Await.until(DEADLINE, "replica-a to lead", replica::isLeading);

      // Another holder takes the lease (as after a long API server outage): replica-a must step down...
      // (a merge patch: no resourceVersion to conflict with replica-a's renewals)
      String now = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
          .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
      world.kubernetes.leases().inNamespace("kube-system").withName("cluster-autoscaler")
          .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
              io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"spec\":{\"holderIdentity\":\"intruder\",\"renewTime\":\"" + now
                  + "\",\"leaseDurationSeconds\":3}}");
      Await.until(Duration.ofSeconds(30), "replica-a to step down", () -> !replica.isLeading());

      // ...and lead again once the intruder's lease runs out, instead of stopping for good.
      Await.until(Duration.ofSeconds(60), "replica-a to lead again", replica::isLeading);
      assertThat(world.kubernetes.leases().inNamespace("kube-system").withName("cluster-autoscaler").get()
          .getSpec().getHolderIdentity()).isEqualTo("replica-a");
    }
  }

  @Test
  void onlyOneReplicaLeadsAndAnotherTakesOverWhenItStops() {
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of("--cluster-name", ScalingWorld.CLUSTER,
        "--scan-interval=1s"));
    ScalingWorld.Replica first = world.replica(settings, metrics, "replica-a");
    try (ScalingWorld.Replica second = world.replica(settings, metrics, "replica-b")) {
      first.start();
      Await.until(DEADLINE, "replica-a to lead", first::isLeading);
      second.start();
      Await.until(DEADLINE, "replica-a to complete a loop", () -> first.lastLoopEnd() != null);
      assertThat(second.isLeading()).isFalse();

      first.close();

      Await.until(DEADLINE, "replica-b to take over", second::isLeading);
      assertThat(world.kubernetes.leases().inNamespace("kube-system").withName("cluster-autoscaler").get()
          .getSpec().getHolderIdentity()).isEqualTo("replica-b");
    } finally {
      first.close();
    }
  }
}
