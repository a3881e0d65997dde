package io.spotkube.runtime.draining.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.ElasticMq;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Text from a hostile body reaches what the handler writes for people (logs, node events) escaped. */
class HostileMessageHandlingTest {

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

  @BeforeEach
  void setUp() {
    fixture = new HandlerFixture(sqs, 2);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void anEventIdWithControlCharactersIsEscapedInTheCordonEventAndStillCordons() {
    fixture.nodeWithPods("node-a", "i-0b662ef9931388ba0", true);
    fixture.start(HandlerFixture.testConfig().build());

    fixture.send(Samples.body("spot-interruption.json")
        .replace("1e5527d7-bb36-4607-3370-4164db56a40e", "evil\\nCordon: forged line\\u2028\\u001b[2J"));

    Await.until(Duration.ofSeconds(30), "the Cordon event", () -> !cordonEvents().isEmpty());
    assertThat(fixture.k8s.node("node-a").getSpec().getUnschedulable()).isTrue();
    assertThat(cordonEvents()).singleElement().extracting(Event::getMessage).asString()
        .contains("(event evil\\nCordon: forged line\\u2028\\u001b[2J)")
        .doesNotContain("\n", "\u2028", "\u001b");
  }

  private List<Event> cordonEvents() {
    return fixture.k8s.client().v1().events().inNamespace(HandlerFixture.NS).list().getItems().stream()
        .filter(event -> "Cordon".equals(event.getReason())).toList();
  }
}
