package io.spotkube.runtime.draining.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.adapters.aws.SqsInterruptionQueue;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.Histogram;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.QueueMessage;
import io.spotkube.runtime.testing.ElasticMq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Message leases against ElasticMQ: every message in work stays hidden, renewed ten per SQS call. */
class MessageLeaseTest {

  private static ElasticMq sqs;

  @BeforeAll
  static void startSqs() {
    sqs = ElasticMq.start();
  }

  @AfterAll
  static void stopSqs() {
    sqs.close();
  }

  @Test
  void leasesStayHiddenPastTheirTimeoutAndAreRenewedTenPerCall() throws Exception {
    String url = sqs.createQueue("leases", 2);
    sqs.sendAll(url, IntStream.range(0, 25).mapToObj(i -> "{\"n\":" + i + "}").toList());
    MetricsRegistry registry = new MetricsRegistry();
    SqsInterruptionQueue queue = new SqsInterruptionQueue(sqs.client(), url, 10, 1, CallTimer.in(registry));
    DrainingMetrics metrics = new DrainingMetrics(registry);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      MessageLease.Leases leases = new MessageLease.Leases(queue, scheduler, Duration.ofSeconds(2), metrics,
          DrainingListener.NONE);
      List<QueueMessage> received = receiveAll(queue, 25);
      List<MessageLease> open = received.stream().map(leases::open).toList();

      Thread.sleep(5_000); // two and a half visibility timeouts
      assertThat(queue.receive()).as("messages in work, hidden by renewals").isEmpty();

      Histogram calls = registry.histogram("spotkube_api_call_seconds", "",
          new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}, "call", "result");
      long visibilityCalls = calls.count("sqs.ChangeMessageVisibilityBatch", "ok")
          + calls.count("sqs.ChangeMessageVisibility", "ok");
      long renewals = metrics.visibilityExtensions();
      assertThat(renewals).as("each of 25 leases renewed at least 3 times in 5 s").isGreaterThanOrEqualTo(75);
      assertThat(visibilityCalls).as("renewals of 25 leases at a time take 3 calls, not 25")
          .isPositive().isLessThanOrEqualTo((renewals + 9) / 10 + 3);

      open.forEach(MessageLease::abandon);
      Thread.sleep(2_500); // no renewal any more: back after one timeout
      assertThat(receiveAll(queue, 25)).hasSize(25);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aStaleReceiptHandleIsReportedAsFailedWithoutFailingTheOthers() {
    String url = sqs.createQueue("stale", 30);
    sqs.sendAll(url, List.of("{\"a\":1}", "{\"b\":2}"));
    SqsInterruptionQueue queue = new SqsInterruptionQueue(sqs.client(), url, 10, 1);
    List<QueueMessage> received = receiveAll(queue, 2);
    QueueMessage deleted = received.get(0);
    queue.delete(deleted);
    QueueMessage stale = new QueueMessage(deleted.messageId(), "not-a-receipt-handle", deleted.body(),
        deleted.sentAt(), deleted.receiveCount());

    List<QueueMessage> failed = queue.extendVisibility(List.of(stale, received.get(1)), Duration.ofSeconds(60));

    assertThat(failed).containsExactly(stale);
  }

  private static List<QueueMessage> receiveAll(SqsInterruptionQueue queue, int count) {
    List<QueueMessage> received = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      received.addAll(queue.receive());
    }
    assertThat(received).hasSize(count);
    return received;
  }
}
