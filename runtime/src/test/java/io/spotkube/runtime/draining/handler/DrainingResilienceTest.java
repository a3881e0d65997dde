package io.spotkube.runtime.draining.handler;

import static io.spotkube.runtime.draining.handler.HandlerFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.ElasticMq;
import io.spotkube.runtime.testing.HostileBodies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** At-least-once delivery, hostile input and blocking PodDisruptionBudgets, against ElasticMQ and the Kubernetes mock. */
class DrainingResilienceTest {

  private static final String SPOT_INSTANCE = "i-0b662ef9931388ba0";
  private static final DrainingConfig BLOCKED_DRAIN_CONFIG =
      HandlerFixture.testConfig().nodeGracePeriod(Duration.ofSeconds(60)).build();
  private static ElasticMq sqs;
  private HandlerFixture fixture;

  @BeforeAll
  static void startSqs() {
    sqs = ElasticMq.start();
  }

  @AfterAll
  static void stopSqs() {
    sqs.close();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void aDrainStoppedHalfwayIsFinishedByTheNextHandlerAfterTheVisibilityTimeout() {
    DrainingService first = startDrainBlockedByBudget(2);
    first.close();

    assertThat(first.metrics().messagesDeleted()).as("nothing deleted before its work is done").isZero();
    assertThat(fixture.messagesInQueue()).isEqualTo(1);
    assertThat(fixture.k8s.podExists(NS, "node-a-web")).isTrue();

    fixture.k8s.deletePodDisruptionBudget(NS, "web");
    DrainingService second = fixture.start(BLOCKED_DRAIN_CONFIG);

    Await.until(Duration.ofSeconds(30), "the returned message drained and deleted by the second handler",
        () -> second.metrics().messagesDeleted() == 1);
    assertThat(fixture.k8s.podExists(NS, "node-a-web")).isFalse();
    assertThat(fixture.messagesInQueue()).isZero();
    assertThat(fixture.k8s.node("node-a").getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void aDrainLongerThanTheVisibilityTimeoutKeepsItsMessageFromASecondReplica() {
    DrainingService first = startDrainBlockedByBudget(1);
    DrainingService second = fixture.start(BLOCKED_DRAIN_CONFIG);

    // Three visibility timeouts of a drain blocked by the budget: without renewals the message
    // would come back to the second replica (its long poll is 1 s) within the first 2 s.
    Await.until(Duration.ofSeconds(30), "six visibility renewals", () -> first.metrics().visibilityExtensions() >= 6);
    assertThat(second.metrics().messagesReceived()).as("the second replica never got the message").isZero();
    fixture.k8s.deletePodDisruptionBudget(NS, "web");

    Await.until(Duration.ofSeconds(30), "the drain to finish and its message deleted",
        () -> first.metrics().messagesDeleted() == 1);
    assertThat(fixture.k8s.podExists(NS, "node-a-web")).isFalse();
    assertThat(fixture.messagesInQueue()).isZero();
    assertThat(second.metrics().messagesReceived()).isZero();
  }

  @Test
  void tenThousandHostileBodiesAreSetAsideWithoutBlockingGoodMessagesBehindThem() {
    fixture = new HandlerFixture(sqs, 30);
    List<String> hostile = HostileBodies.generate(42, 10_000);
    for (int i = 0; i < 5; i++) {
      fixture.nodeWithPods("good-" + i, "i-00000000000000" + i, true);
    }
    sqs.sendAll(fixture.queueUrl, hostile);
    for (int i = 0; i < 5; i++) {
      fixture.send(Samples.body("spot-interruption.json").replace(SPOT_INSTANCE, "i-00000000000000" + i));
    }
    DrainingService service = fixture.start(HandlerFixture.testConfig().pollers(4).workers(8).build());

    Await.until(Duration.ofSeconds(180), "the good messages drained and the queue empty", () ->
        fixture.messagesInQueue() == 0 && fixture.drained.size() == 5);
    for (int i = 0; i < 5; i++) {
      assertThat(fixture.k8s.podExists(NS, "good-" + i + "-web")).isFalse();
    }
    assertThat(service.metrics().setAside("invalid") + service.metrics().setAside("ignored")).isEqualTo(10_000);
    assertThat(service.metrics().messagesDeleted()).isEqualTo(10_005);
    assertThat(service.ready()).isTrue();
  }

  @Test
  void aBudgetThatAllowsNoDisruptionIsRetriedUntilTheGracePeriodEndsThenReportedWithTheNodeLeftCordoned() {
    fixture = new HandlerFixture(sqs, 30);
    fixture.nodeWithPods("node-a", SPOT_INSTANCE, true);
    fixture.k8s.createPodDisruptionBudget(NS, "web", Map.of("app", "web"), 0);
    MetricsRegistry registry = new MetricsRegistry();
    DrainingService service = fixture.start(HandlerFixture.testConfig().nodeGracePeriod(Duration.ofSeconds(2)).build(),
        fixture.lifecycle, registry);

    fixture.send(Samples.body("spot-interruption.json"));

    Await.until(Duration.ofSeconds(30), "the drain to time out", () -> service.metrics().drainTimeouts() == 1);
    assertThat(fixture.k8s.dispatcher().blocked()).as("evictions retried").isGreaterThan(3);
    assertThat(fixture.k8s.podExists(NS, "node-a-web")).isTrue();
    assertThat(fixture.k8s.node("node-a").getSpec().getUnschedulable()).isTrue();
    Await.until(Duration.ofSeconds(10), "a DrainTimedOut warning event on the node", () ->
        fixture.k8s.client().v1().events().inNamespace(NS).list().getItems().stream()
            .anyMatch(DrainingResilienceTest::isDrainTimeoutOnNodeA));
    assertThat(registry.scrape()).contains("spotkube_draining_drain_timeouts_total 1");
    assertThat(fixture.messagesInQueue()).as("the message stays for a retry").isEqualTo(1);
    assertThat(service.metrics().messagesDeleted()).isZero();
  }

  @Test
  void twoReplicasOnOneQueueShareTheWorkWithoutALeader() {
    fixture = new HandlerFixture(sqs, 5);
    DrainingService first = fixture.start(HandlerFixture.testConfig().build());
    DrainingService second = fixture.start(HandlerFixture.testConfig().build());
    for (int i = 0; i < 20; i++) {
      fixture.nodeWithPods("node-" + i, String.format("i-%017x", i + 1), true);
    }
    // The nodes were running before their warnings: the replicas' caches have seen them and their pods.
    fixture.awaitCached(20 * 3);
    for (int i = 0; i < 20; i++) {
      String instance = String.format("i-%017x", i + 1);
      fixture.send(Samples.body("spot-interruption.json").replace(SPOT_INSTANCE, instance));
      fixture.send(Samples.body("spot-interruption.json").replace(SPOT_INSTANCE, instance)); // EventBridge retry
    }

    Await.until(Duration.ofSeconds(60), "every message deleted", () -> fixture.messagesInQueue() == 0
        && first.metrics().messagesDeleted() + second.metrics().messagesDeleted() == 40);
    for (int i = 0; i < 20; i++) {
      assertThat(fixture.k8s.podExists(NS, "node-" + i + "-web")).isFalse();
      assertThat(fixture.k8s.node("node-" + i).getSpec().getUnschedulable()).isTrue();
    }
    assertThat(fixture.k8s.dispatcher().evictions()).isEqualTo(20);
  }

  /**
   * A queue with a 2 s visibility timeout, node-a with pods behind a budget allowing no disruption,
   * one handler, and a Spot warning for node-a: returns that handler once {@code blockedEvictions}
   * evictions were refused, i.e. mid-drain.
   */
  private DrainingService startDrainBlockedByBudget(int blockedEvictions) {
    fixture = new HandlerFixture(sqs, 2);
    fixture.nodeWithPods("node-a", SPOT_INSTANCE, true);
    fixture.k8s.createPodDisruptionBudget(NS, "web", Map.of("app", "web"), 0);
    DrainingService handler = fixture.start(BLOCKED_DRAIN_CONFIG);
    fixture.send(Samples.body("spot-interruption.json"));
    Await.until(Duration.ofSeconds(30), "the first handler to be mid-drain (eviction refused by the PDB)",
        () -> fixture.k8s.dispatcher().blocked() >= blockedEvictions);
    return handler;
  }

  private static boolean isDrainTimeoutOnNodeA(Event event) {
    return "DrainTimedOut".equals(event.getReason()) && "Warning".equals(event.getType())
        && "node-a".equals(event.getInvolvedObject().getName());
  }
}
