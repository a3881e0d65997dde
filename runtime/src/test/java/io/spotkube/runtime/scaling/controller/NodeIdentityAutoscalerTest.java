package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.contract.ClusterIdTag;
import io.spotkube.contract.NodeTemplateTags;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler's node identity and ownership checks against EC2 (moto) and the Kubernetes API
 * (fabric8's mock server): a node claiming an instance that is not its own is nobody's group node
 * (not counted, not labelled, never the reason its instance is terminated), and a second cluster of
 * the same name in the account (another stack: another cluster id) is neither resized nor shrunk.
 */
class NodeIdentityAutoscalerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String LIFECYCLE = "kops.k8s.io/lifecycle";
  private static final String IMPOSTOR = "ip-10-99-0-1.ec2.internal";
  private static MotoServer moto;
  private ScalingWorld world;
  private final ScalingMetrics metrics = new RegistryScalingMetrics(new MetricsRegistry());

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  @BeforeEach
  void resetWorld() throws Exception {
    moto.reset();
    world = new ScalingWorld(moto.endpoint());
  }

  @AfterEach
  void closeWorld() throws Exception {
    world.close();
  }

  @Test
  void aNodeClaimingAnotherInstanceIsNeitherCountedNorLabelledNorGetsThatInstanceTerminated() {
    world.createGroup("spot-a", 0, 5, 2, Map.of(NodeTemplateTags.labelKey(LIFECYCLE), "Spot"), "m5.large");
    List<String> instances = world.instances("spot-a");
    String victim = instances.get(0);
    String real = world.createNode(instances.get(1));
    world.createPod("busy", real, "1500m");
    // Registered with the join token: the victim's instance in its provider ID, its own name and address.
    world.createNode(IMPOSTOR, victim, "10.99.0.1");
    AutoscalerLoop loop = world.loop(metrics);
    Await.until(DEADLINE, "the cache to see both nodes and the pod", () -> world.seen().nodes().size() == 2
        && world.seen().pods().size() == 1);
    Instant start = Instant.now();

    Plan first = loop.runOnce(start);
    Plan later = loop.runOnce(start.plus(Duration.ofMinutes(11)));

    assertThat(first.unneeded()).as("the impostor is no group's node").doesNotContain(IMPOSTOR);
    assertThat(later.scaleDown()).as("nothing removed for the impostor").isEmpty();
    assertThat(world.instances("spot-a")).as("the victim's instance still runs").contains(victim);
    assertThat(world.desired("spot-a")).isEqualTo(2);
    assertThat(world.kubernetes.nodes().withName(real).get().getMetadata().getLabels())
        .as("the verified node gets its group's labels").containsEntry(LIFECYCLE, "Spot");
    assertThat(world.kubernetes.nodes().withName(IMPOSTOR).get().getMetadata().getLabels())
        .as("the impostor does not").doesNotContainKey(LIFECYCLE);
    assertThat(world.kubernetes.v1().events().inNamespace("default").list().getItems()).anySatisfy(event -> {
      assertThat(event.getReason()).isEqualTo("NodeIdentityRefused");
      assertThat(event.getInvolvedObject().getName()).isEqualTo(IMPOSTOR);
      assertThat(event.getMessage()).contains(victim);
    });
    assertThat(world.identityMetrics.refused()).isEqualTo(1);
    assertThat(world.identityMetrics.refusedActions("count")).isEqualTo(2);
  }

  @Test
  void aNodeNamedAsTheInstanceButReportingAnotherAddressIsRefused() {
    world.createGroup("spot-a", 0, 5, 1, Map.of(NodeTemplateTags.labelKey(LIFECYCLE), "Spot"), "m5.large");
    String victim = world.instances("spot-a").get(0);
    String name = world.nodeName(victim);
    world.createNode(name, victim, "10.99.0.2");
    AutoscalerLoop loop = world.loop(metrics);
    Await.until(DEADLINE, "the cache to see the node", () -> world.seen().nodes().size() == 1);
    Instant start = Instant.now();

    loop.runOnce(start);
    Plan later = loop.runOnce(start.plus(Duration.ofMinutes(11)));

    assertThat(later.scaleDown()).isEmpty();
    assertThat(world.instances("spot-a")).contains(victim);
    assertThat(world.kubernetes.nodes().withName(name).get().getMetadata().getLabels()).doesNotContainKey(LIFECYCLE);
  }

  @Test
  void aSecondClusterOfTheSameNameInTheAccountIsNeitherResizedNorShrunk() {
    world.createGroup("spot-a", 0, 5, 1, Map.of(ClusterIdTag.KEY, "stack-a"), "m5.large");
    world.createGroup("spot-b", 0, 5, 1, Map.of(ClusterIdTag.KEY, "stack-b"), "m5.xlarge");
    String ours = world.createNode(world.instances("spot-a").get(0));
    world.createPod("busy", ours, "1500m");
    // The other stack's instance, registered here under its own name and address (the join material
    // of a cluster of the same name): empty, so it would look unneeded.
    String theirs = world.instances("spot-b").get(0);
    world.createNode(world.nodeName(theirs), theirs, world.ec2.describeInstances(request -> request
        .instanceIds(theirs)).reservations().get(0).instances().get(0).privateIpAddress());
    // Fits only the other stack's bigger type.
    world.createPod("big", null, "3");
    AutoscalerLoop loop = world.loop(new ClusterOwnership(ScalingWorld.CLUSTER, "stack-a"), metrics,
        new InterruptedNodes());
    Await.until(DEADLINE, "the cache to see both nodes and pods", () -> world.seen().nodes().size() == 2
        && world.seen().pods().size() == 2);
    Instant start = Instant.now();

    Plan first = loop.runOnce(start);
    Plan later = loop.runOnce(start.plus(Duration.ofMinutes(11)));

    assertThat(first.scaleUp()).as("no scale-up on the other stack's group").isEmpty();
    assertThat(later.scaleDown()).isEmpty();
    assertThat(world.desired("spot-b")).isEqualTo(1);
    assertThat(world.instances("spot-b")).containsExactly(theirs);
    assertThat(world.desired("spot-a")).isEqualTo(1);
  }
}
