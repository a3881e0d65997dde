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
}
