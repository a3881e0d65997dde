package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.Scraped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Draining a non-empty node before terminating it, a refused eviction, and the
 * max-node-provision-time fallback, against moto and the fabric8 mock server.
 */
class AutoscalerScaleDownAndTimeoutTest {

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

  private void awaitPods(int pods) {
    Await.until(DEADLINE, "informers see " + pods + " pods", () -> world.seen().pods().size() == pods);
  }

  /** node-a is busy (60%), node-b runs one small pod that fits on node-a. */
  private List<String> twoNodesOneMovablePod() {
    world.createGroup("spot-a", 0, 5, 2, "m5.large");
    List<String> instances = world.instances("spot-a");
    String nodeA = world.createNode(instances.get(0));
    String nodeB = world.createNode(instances.get(1));
    world.createPod("busy", nodeA, "1200m");
    world.createPod("small", nodeB, "300m");
    return instances;
  }

  @Test
  void aNodeWithAMovablePodIsDrainedThenTerminated() {
    List<String> instances = twoNodesOneMovablePod();
    AutoscalerLoop loop = world.loop(metrics);
    awaitPods(2);
    Instant start = Instant.now();

    assertThat(loop.runOnce(start).unneeded()).containsExactly(world.nodeName(instances.get(1)));
    Plan removal = loop.runOnce(start.plus(Duration.ofMinutes(11)));

    assertThat(removal.scaleDown()).extracting(Plan.ScaleDown::node).containsExactly(world.nodeName(instances.get(1)));
    // The removal runs on the drain engine: its first pass evicts, the next (a poll interval later) sees the pod gone.
    Await.until(DEADLINE, "the drain to evict the pod", () -> !world.dispatcher.evicted().isEmpty());
    assertThat(world.dispatcher.evicted()).containsExactly("default/small");
    assertThat(world.desired("spot-a")).as("terminated only once its pods are gone").isEqualTo(2);
    awaitPods(1);

    loop.runOnce(start.plus(Duration.ofMinutes(11)).plusSeconds(10));

    Await.until(DEADLINE, "the instance to be terminated", () -> world.desired("spot-a") == 1);
    assertThat(world.instances("spot-a")).containsExactly(instances.get(0));
    assertThat(Scraped.value(registry, "cluster_autoscaler_scaled_down_nodes_total{node_group=\"spot-a\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void aRefusedEvictionKeepsTheNodeAndLiftsItsTaint() {
    List<String> instances = twoNodesOneMovablePod();
    world.dispatcher.refuseEviction("default", "small");
    AutoscalerLoop loop = world.loop(metrics, "--max-pod-eviction-time=3s");
    awaitPods(2);
    Instant start = Instant.now();

    loop.runOnce(start);
    loop.runOnce(start.plus(Duration.ofMinutes(11)));
    loop.runOnce(start.plus(Duration.ofMinutes(11)).plusSeconds(10));

    // Refused evictions are retried for --max-pod-eviction-time, then the removal gives up.
    Await.until(DEADLINE, "the ScaleDownFailed event", () -> world.kubernetes.v1().events().inNamespace("default")
        .list().getItems().stream().map(Event::getReason).anyMatch("ScaleDownFailed"::equals));
    Await.until(DEADLINE, "the scale-down taint to be lifted", () -> world.kubernetes.nodes()
        .withName(world.nodeName(instances.get(1))).get().getSpec().getTaints().stream().noneMatch(t -> t.getKey().equals("ToBeDeletedByClusterAutoscaler")));
    assertThat(world.desired("spot-a")).isEqualTo(2);
  }

  @Test
  void aScaleUpWhoseNodesNeverRegisterIsGivenUpAfterTheMaxProvisionTime() {
    world.createGroup("spot-a-2vcpus-8gb", 0, 5, 0, "m5.large");
    world.createGroup("spot-b-2vcpus-8gb", 0, 5, 0, "m5a.large");
    world.createPod("web-1", null, "1");
    AutoscalerLoop loop = world.loop(metrics, "--expander=least-waste", "--max-node-provision-time=15m");
    awaitPods(1);
    Instant start = Instant.now();

    Plan first = loop.runOnce(start);
    String chosen = first.scaleUp().get(0).nodeGroup();
    String other = chosen.startsWith("spot-a") ? "spot-b-2vcpus-8gb" : "spot-a-2vcpus-8gb";
    assertThat(loop.runOnce(start.plus(Duration.ofMinutes(14))).scaleUp()).as("still waiting").isEmpty();

    Plan late = loop.runOnce(start.plus(Duration.ofMinutes(16)));

    assertThat(late.scaleUp()).extracting(Plan.ScaleUp::nodeGroup).containsExactly(other);
    assertThat(world.desired(chosen)).isZero();
    assertThat(world.desired(other)).isEqualTo(1);
    assertThat(Scraped.value(registry, "cluster_autoscaler_failed_scale_ups_total{node_group=\"" + chosen
        + "\",reason=\"timeout\"}")).isEqualTo(1.0);
    assertThat(world.kubernetes.configMaps().inNamespace("kube-system").withName("cluster-autoscaler-status").get()
        .getData().get("status")).contains("backoff: until");
  }

  @Test
  void aTimedOutScaleUpTerminatesTheInstancesThatNeverRegisteredAndNoOther() {
    world.createGroup("spot-a", 0, 5, 1, "m5.large");
    String healthy = world.instances("spot-a").get(0);
    String nodeA = world.createNode(healthy);
    world.createPod("busy", nodeA, "1800m");
    world.createPod("web-1", null, "1");
    AutoscalerLoop loop = world.loop(metrics, "--max-node-provision-time=15m");
    awaitPods(2);
    Instant start = Instant.now();

    assertThat(loop.runOnce(start).scaleUp()).extracting(Plan.ScaleUp::describe).containsExactly("1->2 (max: 5)");
    List<String> launched = world.instances("spot-a").stream().filter(id -> !id.equals(healthy)).toList();
    assertThat(launched).hasSize(1);

    loop.runOnce(start.plus(Duration.ofMinutes(16)));

    assertThat(world.instances("spot-a")).as("the instance that never registered goes, the node stays")
        .containsExactly(healthy);
    assertThat(world.desired("spot-a")).isEqualTo(1);
  }
}
