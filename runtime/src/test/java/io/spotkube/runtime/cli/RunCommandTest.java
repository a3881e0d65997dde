package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.ElasticMq;
import io.spotkube.runtime.testing.KubernetesTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code run} wired as in production (SDK clients, fabric8 from its system properties) against ElasticMQ and the mock. */
class RunCommandTest {

  private static final Map<String, String> CLIENT_PROPERTIES = Map.of(
      "kubernetes.auth.tryKubeConfig", "false", "kubernetes.auth.tryServiceAccount", "false",
      "kubernetes.trust.certificates", "true", "aws.accessKeyId", "test", "aws.secretAccessKey", "test");

  @Test
  void runStartsTheDrainingServiceWhichCordonsAndDrainsUntilStopped() throws Exception {
    try (ElasticMq sqs = ElasticMq.start(); KubernetesTestServer k8s = KubernetesTestServer.start()) {
      String queueUrl = sqs.createQueue("run-test", 5);
      k8s.createNode("node-a", "i-0b662ef9931388ba0", true);
      k8s.createPod("default", "web", "node-a", "ReplicaSet", Map.of("app", "web"));
      CLIENT_PROPERTIES.forEach(System::setProperty);
      System.setProperty("kubernetes.master", k8s.client().getMasterUrl().toString());
      CountDownLatch stop = new CountDownLatch(1);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.serve(List.of(
            "--queue-url", queueUrl, "--aws-endpoint", sqs.endpoint().toString(), "--aws-region", "eu-west-1",
            "--receive-wait-seconds", "1", "--metrics-port", "0", "--metrics-address", "127.0.0.1"),
            Map.of("CHECK_TAG_BEFORE_DRAINING", "false"), new PrintStream(err, true, StandardCharsets.UTF_8), stop));

        sqs.send(queueUrl, Samples.body("spot-interruption.json"));

        Await.until(Duration.ofSeconds(60), "the pod evicted and the message deleted",
            () -> !k8s.podExists("default", "web") && sqs.messagesInQueue(queueUrl) == 0);
        assertThat(k8s.node("node-a").getSpec().getUnschedulable()).isTrue();
        Await.until(Duration.ofSeconds(10), "the handler's Events", () ->
            !k8s.client().v1().events().inNamespace("default").list().getItems().isEmpty());
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics and health on 127.0.0.1:(\\d+)")
            .matcher(err.toString(StandardCharsets.UTF_8));
        assertThat(port.find()).isTrue();
        String base = "http://127.0.0.1:" + port.group(1);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/readyz")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("spotkube_draining_messages_deleted_total 1",
            "spotkube_api_call_seconds_count{call=\"kubernetes.EvictPod\",result=\"ok\"} 1",
            "spotkube_api_call_seconds_count{call=\"sqs.DeleteMessage\",result=\"ok\"} 1");
        stop.countDown();
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run: started draining");
      } finally {
        CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
        System.clearProperty("kubernetes.master");
      }
    }
  }

  @Test
  void dryRunHandlesTheMessageButWritesNothing() throws Exception {
    try (ElasticMq sqs = ElasticMq.start(); KubernetesTestServer k8s = KubernetesTestServer.start()) {
      String queueUrl = sqs.createQueue("dry-run-test", 5);
      k8s.createNode("node-a", "i-0b662ef9931388ba0", true);
      k8s.createPod("default", "web", "node-a", "ReplicaSet", Map.of("app", "web"));
      CLIENT_PROPERTIES.forEach(System::setProperty);
      System.setProperty("kubernetes.master", k8s.client().getMasterUrl().toString());
      CountDownLatch stop = new CountDownLatch(1);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.serve(List.of(
            "--dry-run", "--queue-url", queueUrl, "--aws-endpoint", sqs.endpoint().toString(),
            "--aws-region", "eu-west-1", "--receive-wait-seconds", "1", "--metrics-port", "0",
            "--metrics-address", "127.0.0.1"),
            Map.of("CHECK_TAG_BEFORE_DRAINING", "false"), new PrintStream(err, true, StandardCharsets.UTF_8), stop));

        sqs.send(queueUrl, Samples.body("spot-interruption.json"));

        Await.until(Duration.ofSeconds(60), "the handler done with the message", () -> {
          java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics and health on 127.0.0.1:(\\d+)")
              .matcher(err.toString(StandardCharsets.UTF_8));
          return port.find() && metrics(port.group(1)).contains("spotkube_draining_messages_deleted_total 1");
        });
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics and health on 127.0.0.1:(\\d+)")
            .matcher(err.toString(StandardCharsets.UTF_8));
        assertThat(port.find()).isTrue();
        String metrics = metrics(port.group(1));
        // The decision ran to its end (evict, then delete), and none of its writes reached a server.
        assertThat(metrics).doesNotContain("call=\"kubernetes.EvictPod\"", "call=\"kubernetes.PatchNode\"", "call=\"kubernetes.EditNode\"",
            "call=\"sqs.DeleteMessage\"", "call=\"sqs.ChangeMessageVisibility\"");
        assertThat(k8s.node("node-a").getSpec().getUnschedulable()).as("not cordoned").isNotEqualTo(Boolean.TRUE);
        assertThat(k8s.podExists("default", "web")).as("not evicted").isTrue();
        assertThat(sqs.messagesInQueue(queueUrl)).as("left for the handler that acts").isEqualTo(1);
        stop.countDown();
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
      } finally {
        CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
        System.clearProperty("kubernetes.master");
      }
    }
  }

  private static String metrics(String port) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void emitKubernetesEventsFalseRecordsNoEvents() throws Exception {
    try (ElasticMq sqs = ElasticMq.start(); KubernetesTestServer k8s = KubernetesTestServer.start()) {
      String queueUrl = sqs.createQueue("no-events-test", 5);
      k8s.createNode("node-a", "i-0b662ef9931388ba0", true);
      k8s.createPod("default", "web", "node-a", "ReplicaSet", Map.of("app", "web"));
      CLIENT_PROPERTIES.forEach(System::setProperty);
      System.setProperty("kubernetes.master", k8s.client().getMasterUrl().toString());
      CountDownLatch stop = new CountDownLatch(1);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.serve(List.of(
            "--queue-url", queueUrl, "--aws-endpoint", sqs.endpoint().toString(), "--aws-region", "eu-west-1",
            "--receive-wait-seconds", "1", "--metrics-port", "0", "--metrics-address", "127.0.0.1"),
            Map.of("CHECK_TAG_BEFORE_DRAINING", "false", "EMIT_KUBERNETES_EVENTS", "false"),
            new PrintStream(err, true, StandardCharsets.UTF_8), stop));

        sqs.send(queueUrl, Samples.body("spot-interruption.json"));

        Await.until(Duration.ofSeconds(60), "the pod evicted and the message deleted",
            () -> !k8s.podExists("default", "web") && sqs.messagesInQueue(queueUrl) == 0);
        stop.countDown();
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(k8s.client().v1().events().inAnyNamespace().list().getItems()).as("Events").isEmpty();
      } finally {
        CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
        System.clearProperty("kubernetes.master");
      }
    }
  }
}
