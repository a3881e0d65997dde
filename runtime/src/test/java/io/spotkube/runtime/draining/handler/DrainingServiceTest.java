package io.spotkube.runtime.draining.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.spotkube.runtime.draining.ActionPolicy;
import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.ElasticMq;
import io.spotkube.runtime.testing.KubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The handler end to end against real protocol servers: ElasticMQ (SQS, through the production SDK
 * client) and the fabric8 Kubernetes mock server (CRUD, with evictions). EC2 and Auto Scaling are
 * fake ports here; their adapters are tested against moto.
 */
class DrainingServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "default";

  private static ElasticMq sqs;
  private HandlerFixture fixture;
  private KubernetesTestServer k8s;
  private RecordingLifecycleActions lifecycle;
  private List<String> drained;
  private String queueUrl;

  @BeforeAll
  static void startSqs() {
    sqs = ElasticMq.start();
  }

  @AfterAll
  static void stopSqs() {
    sqs.close();
  }

  @BeforeEach
  void setUp() {
    fixture = new HandlerFixture(sqs, 2);
    k8s = fixture.k8s;
    lifecycle = fixture.lifecycle;
    drained = fixture.drained;
    queueUrl = fixture.queueUrl;
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  static DrainingConfig.Builder testConfig() {
    return HandlerFixture.testConfig();
  }

  DrainingService start(DrainingConfig config) {
    return fixture.start(config);
  }

  void nodeWithPods(String node, String instanceId, boolean ready) {
    fixture.nodeWithPods(node, instanceId, ready);
  }

  static String sample(String name, String instanceId, String sampleInstanceId) {
    return Samples.body(name).replace(sampleInstanceId, instanceId);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource({
      "spot-interruption.json,                 i-0b662ef9931388ba0, DRAIN",
      "capacity-reservation-interruption.json, i-0abcdef1234567890, DRAIN",
      "state-change-terminated.json,           i-abcd1111,          DRAIN",
      "health-scheduled-change.json,           i-abcd1111,          DRAIN",
      "rebalance-recommendation.json,          i-0e1ef8dfa5bdbb0b5, CORDON",
      "asg-terminate-eventbridge.json,         i-12345678,          DRAIN_AND_COMPLETE",
      "asg-terminate-direct.json,              i-0598c7d356eba48d7, DRAIN_AND_COMPLETE",
      "asg-terminate-sns.json,                 i-0598c7d356eba48d7, DRAIN_AND_COMPLETE",
  })
  void eachKindTaintsCordonsAndDrainsAsTheTableSaysThenDeletesTheMessage(String sample, String instanceId,
      String action) {
    nodeWithPods("node-a", instanceId, true);
    DrainingService service = start(testConfig().taintNode(true).build());

    sqs.send(queueUrl, Samples.body(sample));

    Await.until(WAIT, "message deleted", () -> sqs.messagesInQueue(queueUrl) == 0
        && service.metrics().messagesDeleted() == 1);
    Node node = k8s.node("node-a");
    assertThat(node.getSpec().getUnschedulable()).isTrue();
    assertThat(node.getSpec().getTaints()).extracting(Taint::getKey).singleElement().asString()
        .startsWith("aws-node-termination-handler/");
    assertThat(k8s.podExists(NS, "node-a-logs")).as("DaemonSet pod stays").isTrue();
    assertThat(k8s.podExists(NS, "node-a-static")).as("mirror pod stays").isTrue();
    assertThat(k8s.podExists(NS, "node-a-web")).as("ReplicaSet pod still there").isEqualTo(action.equals("CORDON"));
    assertThat(lifecycle.completed).hasSize(action.equals("DRAIN_AND_COMPLETE") ? 1 : 0);
    if (action.equals("DRAIN_AND_COMPLETE")) {
      assertThat(lifecycle.completed.get(0).instanceId()).isEqualTo(instanceId);
    }
  }

  @Test
  void healthEventDrainsEveryAffectedNode() {
    nodeWithPods("node-a", "i-abcd1111", true);
    nodeWithPods("node-b", "i-abcd2222", true);
    start(testConfig().build());

    sqs.send(queueUrl, Samples.body("health-scheduled-change.json"));

    Await.until(WAIT, "both nodes drained", () -> !k8s.podExists(NS, "node-a-web") && !k8s.podExists(NS, "node-b-web"));
    Await.until(WAIT, "message deleted", () -> sqs.messagesInQueue(queueUrl) == 0);
    assertThat(k8s.node("node-b").getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void launchLifecycleIsCompletedOnceTheNodeIsReadyAndTheNodeIsNotCordoned() {
    k8s.createNode("node-new", "i-0598c7d356eba48d7", false);
    start(testConfig().build());

    sqs.send(queueUrl, Samples.body("asg-launch-direct.json"));
    Await.until(WAIT, "the message to be seen once", () -> sqs.messagesInQueue(queueUrl) == 1);
    assertThat(lifecycle.completed).as("not ready yet").isEmpty();
    k8s.client().nodes().withName("node-new").editStatus(node -> {
      node.getStatus().getConditions().get(0).setStatus("True");
      return node;
    });

    Await.until(WAIT, "lifecycle completed", () -> lifecycle.completed.size() == 1);
    Await.until(WAIT, "message deleted", () -> sqs.messagesInQueue(queueUrl) == 0);
    assertThat(k8s.node("node-new").getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void launchLifecycleOfAnInstanceTerminatedBeforeItsNodeWasReadyIsSetAside() {
    fixture.instances = instanceId -> Optional.of(new InstanceInfo(instanceId, "", Map.of(), "terminated"));
    start(testConfig().build());

    sqs.send(queueUrl, Samples.body("asg-launch-direct.json"));

    Await.until(WAIT, "message deleted", () -> sqs.messagesInQueue(queueUrl) == 0);
    assertThat(lifecycle.completed).as("nothing to complete for a terminated instance").isEmpty();
  }

  @Test
  void sameInstanceTwiceIsDrainedOnce() {
    nodeWithPods("node-a", "i-abcd1111", true);
    start(testConfig().build());

    sqs.send(queueUrl, sample("spot-interruption.json", "i-abcd1111", "i-0b662ef9931388ba0"));
    sqs.send(queueUrl, Samples.body("state-change-terminated.json"));
    sqs.send(queueUrl, sample("spot-interruption.json", "i-abcd1111", "i-0b662ef9931388ba0"));

    Await.until(WAIT, "all three messages deleted", () -> sqs.messagesInQueue(queueUrl) == 0);
    assertThat(drained).containsExactly("i-abcd1111");
    assertThat(k8s.dispatcher().evictions()).isEqualTo(1);
  }

  @Test
  void ignoredInvalidAndUnknownInstanceMessagesAreSetAsideAndDeleted() {
    DrainingService service = start(testConfig().build());

    sqs.send(queueUrl, Samples.body("state-change-pending.json"));
    sqs.send(queueUrl, Samples.body("asg-test-notification-sns.json"));
    sqs.send(queueUrl, "{\"truncated\":");
    sqs.send(queueUrl, Samples.body("spot-interruption.json")); // no such node

    Await.until(WAIT, "all deleted", () -> sqs.messagesInQueue(queueUrl) == 0);
    assertThat(service.metrics().setAside("ignored")).isEqualTo(2);
    assertThat(service.metrics().setAside("invalid")).isEqualTo(1);
    assertThat(service.metrics().setAside("node_not_found")).isEqualTo(1);
  }

  @Test
  void messageForAnUnknownNodeStaysWhenConfiguredSo() {
    DrainingService service = start(testConfig().deleteMessageIfNodeNotFound(false).build());

    sqs.send(queueUrl, Samples.body("spot-interruption.json"));

    Await.until(WAIT, "the message seen and kept", () -> service.metrics().setAside("node_not_found") >= 1);
    assertThat(sqs.messagesInQueue(queueUrl)).isEqualTo(1);
  }

  @Test
  void rebalanceDrainsWhenRebalanceDrainingIsOn() {
    nodeWithPods("node-a", "i-0e1ef8dfa5bdbb0b5", true);
    start(testConfig().actionPolicy(ActionPolicy.defaults().withRebalanceDraining(true)).build());

    sqs.send(queueUrl, Samples.body("rebalance-recommendation.json"));

    Await.until(WAIT, "drained", () -> !k8s.podExists(NS, "node-a-web"));
  }

  @Test
  void cordonOnlyNeverEvicts() {
    nodeWithPods("node-a", "i-0b662ef9931388ba0", true);
    start(testConfig().actionPolicy(ActionPolicy.defaults().withCordonOnly(true)).build());

    sqs.send(queueUrl, Samples.body("spot-interruption.json"));

    Await.until(WAIT, "message deleted", () -> sqs.messagesInQueue(queueUrl) == 0);
    assertThat(k8s.node("node-a").getSpec().getUnschedulable()).isTrue();
    assertThat(k8s.podExists(NS, "node-a-web")).isTrue();
    assertThat(k8s.dispatcher().evictions()).isZero();
  }

  @Test
  void notifiesTheWebhookPortAndLabelsTheNodeOutOfLoadBalancersWhenConfigured() {
    List<Map<String, String>> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
    fixture.notifier = notified::add;
    nodeWithPods("node-a", "i-0b662ef9931388ba0", true);
    start(testConfig().excludeFromLoadBalancers(true).taintNode(true).taintEffect("NoExecute").build());

    sqs.send(queueUrl, Samples.body("spot-interruption.json"));

    Await.until(WAIT, "the drained notification", () -> !notified.isEmpty());
    assertThat(notified.get(0)).containsEntry("Kind", "SPOT_INTERRUPTION").containsEntry("NodeName", "node-a")
        .containsEntry("InstanceID", "i-0b662ef9931388ba0").containsEntry("Result", "drained")
        .containsEntry("EventID", "1e5527d7-bb36-4607-3370-4164db56a40e");
    Node node = k8s.node("node-a");
    assertThat(node.getMetadata().getLabels())
        .containsEntry("node.kubernetes.io/exclude-from-external-load-balancers", "true");
    assertThat(node.getSpec().getTaints()).singleElement().satisfies(taint -> {
      assertThat(taint.getKey()).isEqualTo("aws-node-termination-handler/spot-itn");
      assertThat(taint.getEffect()).isEqualTo("NoExecute");
      assertThat(taint.getValue()).isEqualTo("1e5527d7-bb36-4607-3370-4164db56a40e");
    });
  }

  @Test
  void cordonWithoutTaintKeepsExistingLabelsAndTaints() {
    k8s.client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder()
        .withNewMetadata().withName("node-a").withLabels(Map.of("team", "web")).endMetadata()
        .withNewSpec().withProviderID("aws:///eu-west-1a/i-0b662ef9931388ba0")
        .addNewTaint().withKey("spot").withValue("true").withEffect("NoSchedule").endTaint().endSpec()
        .build()).create();
    start(testConfig().excludeFromLoadBalancers(true).build());

    sqs.send(queueUrl, Samples.body("spot-interruption.json"));

    Await.until(WAIT, "message deleted", () -> sqs.messagesInQueue(queueUrl) == 0);
    Node node = k8s.node("node-a");
    assertThat(node.getSpec().getUnschedulable()).isTrue();
    assertThat(node.getMetadata().getLabels()).containsEntry("team", "web")
        .containsEntry("node.kubernetes.io/exclude-from-external-load-balancers", "true");
    assertThat(node.getSpec().getTaints()).extracting(Taint::getKey).containsExactly("spot");
  }
}
