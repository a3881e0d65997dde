package io.spotkube.runtime.draining.handler;

import static io.spotkube.runtime.draining.handler.HandlerFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.ElasticMq;
import io.spotkube.runtime.testing.Scraped;
import io.spotkube.runtime.testing.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SQS away from the handler for a minute (a proxy in front of ElasticMQ is cut): a drain that
 * finishes meanwhile cannot delete its message, a warning that arrives meanwhile cannot be read.
 * Nothing may be lost: both are handled once SQS is back, and the pollers never die.
 */
class SqsOutageTest {

  static final Duration OUTAGE = Duration.ofMinutes(1);

  private ElasticMq sqs;
  private TcpProxy proxy;
  private HandlerFixture fixture;

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
    proxy.close();
    sqs.close();
  }

  @Test
  void aMinuteWithoutSqsLosesNoMessageAndKillsNoPoller() {
    sqs = ElasticMq.start();
    proxy = TcpProxy.to(sqs.endpoint());
    fixture = new HandlerFixture(sqs, 5);
    fixture.nodeWithPods("node-a", "i-0b662ef9931388ba0", true);
    fixture.nodeWithPods("node-b", "i-0c662ef9931388ba1", true);
    fixture.k8s.createPodDisruptionBudget(NS, "web", Map.of("app", "web"), 0);
    MetricsRegistry registry = new MetricsRegistry();
    DrainingService handler = fixture.start(HandlerFixture.testConfig().nodeGracePeriod(Duration.ofMinutes(3))
        .build(), fixture.lifecycle, registry, proxy.endpoint(sqs.endpoint()));
    fixture.awaitCached(6);

    // node-a's warning is received and its drain waits on the budget...
    fixture.send(Samples.body("spot-interruption.json"));
    Await.until(Duration.ofSeconds(30), "node-a's drain to be under way", () -> fixture.k8s.dispatcher().blocked() > 0);
    // ...then SQS goes away; meanwhile the drain ends (its delete fails) and node-b's warning comes.
    proxy.cut();
    fixture.k8s.deletePodDisruptionBudget(NS, "web");
    Await.until(Duration.ofSeconds(30), "node-a drained during the outage",
        () -> !fixture.k8s.podExists(NS, "node-a-web"));
    fixture.send(Samples.body("spot-interruption.json").replace("i-0b662ef9931388ba0", "i-0c662ef9931388ba1"));
    sleep(OUTAGE);
    double receiveErrors = Scraped.value(registry, "spotkube_draining_receive_errors_total");
    Instant back = Instant.now();
    proxy.restore();

    Await.until(Duration.ofSeconds(60), "both messages handled and deleted after the outage",
        () -> fixture.messagesInQueue() == 0 && !fixture.k8s.podExists(NS, "node-b-web"));
    Duration recovery = Duration.between(back, Instant.now());
    System.out.printf("SQS outage of %d s: %.0f failed receives; queue empty %d ms after SQS came back%n",
        OUTAGE.toSeconds(), receiveErrors, recovery.toMillis());
    assertThat(receiveErrors).as("the pollers kept trying through the outage").isGreaterThan(5);
    assertThat(fixture.k8s.node("node-b").getSpec().getUnschedulable()).isTrue();
    assertThat(handler.ready()).isTrue();
    assertThat(Scraped.value(registry, "spotkube_draining_messages_kept_total{reason=\"delete_failed\"}"))
        .as("node-a's delete failed during the outage, and its message came back").isGreaterThanOrEqualTo(1.0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
