package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.ElasticMq;
import io.spotkube.runtime.testing.KubernetesTestServer;
import io.spotkube.runtime.testing.MotoServer;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code run} wired as in production (SDK clients, fabric8 from its system properties) against moto
 * (SQS and EC2: the handler checks the node's identity against EC2) and the mock.
 */
class RunCommandTest {

  private static final Map<String, String> CLIENT_PROPERTIES = Map.of(
      "kubernetes.auth.tryKubeConfig", "false", "kubernetes.auth.tryServiceAccount", "false",
      "kubernetes.trust.certificates", "true", "aws.accessKeyId", "test", "aws.secretAccessKey", "test");

  @Test
  void runStartsTheDrainingServiceWhichCordonsAndDrainsUntilStopped() throws Exception {
    try (MotoServer moto = MotoServer.start(); KubernetesTestServer k8s = KubernetesTestServer.start();
        SqsClient sqs = ElasticMq.client(moto.endpoint()); Ec2Client ec2 = Ec2Client.builder()
            .endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      String queueUrl = sqs.createQueue(request -> request.queueName("run-test")
          .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"))).queueUrl();
      String imageId = ec2.describeImages(request -> { }).images().get(0).imageId();
      Instance instance = ec2.runInstances(request -> request.imageId(imageId).minCount(1).maxCount(1)
          .instanceType(InstanceType.M5_LARGE)).instances().get(0);
      String node = instance.privateDnsName();
      k8s.createNode(node, instance.instanceId(), true, instance.privateIpAddress());
      k8s.createPod("default", "web", node, "ReplicaSet", Map.of("app", "web"));
      CLIENT_PROPERTIES.forEach(System::setProperty);
      System.setProperty("kubernetes.master", k8s.client().getMasterUrl().toString());
      CountDownLatch stop = new CountDownLatch(1);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.serve(List.of(
            "--queue-url", queueUrl, "--aws-endpoint", moto.endpoint().toString(), "--aws-region", "eu-west-1",
            "--receive-wait-seconds", "1", "--metrics-port", "0", "--metrics-address", "127.0.0.1"),
            Map.of("CHECK_TAG_BEFORE_DRAINING", "false"), new PrintStream(err, true, StandardCharsets.UTF_8), stop));

        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(Samples.body("spot-interruption.json")
            .replace("i-0b662ef9931388ba0", instance.instanceId())));

        Await.until(Duration.ofSeconds(60), "the pod evicted and the message deleted",
            () -> !k8s.podExists("default", "web") && messagesInQueue(sqs, queueUrl) == 0);
        assertThat(k8s.node(node).getSpec().getUnschedulable()).isTrue();
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

  private static int messagesInQueue(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static Ec2Client ec2(MotoServer moto) {
    return Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).credentialsProvider(
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
  }

  private static String queue(SqsClient sqs, String name) {
    return sqs.createQueue(request -> request.queueName(name)
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"))).queueUrl();
  }

  /** An instance in moto, its node (named and addressed as EC2 says) and a ReplicaSet pod on it. */
  private static Instance nodeWithPod(Ec2Client ec2, KubernetesTestServer k8s) {
    String imageId = ec2.describeImages(request -> { }).images().get(0).imageId();
    Instance instance = ec2.runInstances(request -> request.imageId(imageId).minCount(1).maxCount(1)
        .instanceType(InstanceType.M5_LARGE)).instances().get(0);
    k8s.createNode(instance.privateDnsName(), instance.instanceId(), true, instance.privateIpAddress());
    k8s.createPod("default", "web", instance.privateDnsName(), "ReplicaSet", Map.of("app", "web"));
    return instance;
  }

  @Test
  void dryRunHandlesTheMessageButWritesNothing() throws Exception {
    try (MotoServer moto = MotoServer.start(); KubernetesTestServer k8s = KubernetesTestServer.start();
        SqsClient sqs = ElasticMq.client(moto.endpoint()); Ec2Client ec2 = ec2(moto)) {
      String queueUrl = queue(sqs, "dry-run-test");
      Instance instance = nodeWithPod(ec2, k8s);
      String node = instance.privateDnsName();
      CLIENT_PROPERTIES.forEach(System::setProperty);
      System.setProperty("kubernetes.master", k8s.client().getMasterUrl().toString());
      CountDownLatch stop = new CountDownLatch(1);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.serve(List.of(
            "--dry-run", "--queue-url", queueUrl, "--aws-endpoint", moto.endpoint().toString(),
            "--aws-region", "eu-west-1", "--receive-wait-seconds", "1", "--metrics-port", "0",
            "--metrics-address", "127.0.0.1"),
            Map.of("CHECK_TAG_BEFORE_DRAINING", "false"), new PrintStream(err, true, StandardCharsets.UTF_8), stop));

        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(Samples.body("spot-interruption.json")
            .replace("i-0b662ef9931388ba0", instance.instanceId())));

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
        assertThat(k8s.node(node).getSpec().getUnschedulable()).as("not cordoned").isNotEqualTo(Boolean.TRUE);
        assertThat(k8s.podExists("default", "web")).as("not evicted").isTrue();
        assertThat(messagesInQueue(sqs, queueUrl)).as("left for the handler that acts").isEqualTo(1);
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
    try (MotoServer moto = MotoServer.start(); KubernetesTestServer k8s = KubernetesTestServer.start();
        SqsClient sqs = ElasticMq.client(moto.endpoint()); Ec2Client ec2 = ec2(moto)) {
      String queueUrl = queue(sqs, "no-events-test");
      Instance instance = nodeWithPod(ec2, k8s);
      CLIENT_PROPERTIES.forEach(System::setProperty);
      System.setProperty("kubernetes.master", k8s.client().getMasterUrl().toString());
      CountDownLatch stop = new CountDownLatch(1);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.serve(List.of(
            "--queue-url", queueUrl, "--aws-endpoint", moto.endpoint().toString(), "--aws-region", "eu-west-1",
            "--receive-wait-seconds", "1", "--metrics-port", "0", "--metrics-address", "127.0.0.1"),
            Map.of("CHECK_TAG_BEFORE_DRAINING", "false", "EMIT_KUBERNETES_EVENTS", "false"),
            new PrintStream(err, true, StandardCharsets.UTF_8), stop));

        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(Samples.body("spot-interruption.json")
            .replace("i-0b662ef9931388ba0", instance.instanceId())));

        Await.until(Duration.ofSeconds(60), "the pod evicted and the message deleted",
            () -> !k8s.podExists("default", "web") && messagesInQueue(sqs, queueUrl) == 0);
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
