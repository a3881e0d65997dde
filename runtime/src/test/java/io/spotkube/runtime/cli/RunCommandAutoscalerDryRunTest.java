package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.contract.KubernetesClusterTag;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.KubernetesTestServer;
import io.spotkube.runtime.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
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
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code run} with the autoscaler, wired as in production, on Auto Scaling in moto and the mock API
 * server: with {@code --dry-run} the loop decides the scale-up a pending pod needs and nothing is
 * written (the group's desired capacity stays, no Lease, no status); with {@code --leader-elect=false}
 * it acts at once without a Lease.
 */
class RunCommandAutoscalerDryRunTest {

  private static final String CLUSTER = "dry-run-cluster";
  private static final Map<String, String> CLIENT_PROPERTIES = Map.of(
      "kubernetes.auth.tryKubeConfig", "false", "kubernetes.auth.tryServiceAccount", "false",
      "kubernetes.trust.certificates", "true", "aws.accessKeyId", "testing", "aws.secretAccessKey", "testing");

  /** What a run left behind once its loop had scaled up. */
  record After(int desired, int leases, boolean statusWritten) {
  }

  @Test
  void theScaleUpIsDecidedAndNotMade() throws Exception {
    After after = runUntilScaledUp("--dry-run");

    assertThat(after.desired()).as("desired capacity").isZero();
    assertThat(after.leases()).as("Leases").isZero();
    assertThat(after.statusWritten()).as("status ConfigMap").isFalse();
  }

  @Test
  void withoutLeaderElectionTheLoopActsAtOnceAndTakesNoLease() throws Exception {
    After after = runUntilScaledUp("--leader-elect=false");

    assertThat(after.desired()).as("desired capacity").isEqualTo(1);
    assertThat(after.leases()).as("Leases").isZero();
  }

  private static After runUntilScaledUp(String flag) throws Exception {
    try (MotoServer moto = MotoServer.start(); KubernetesTestServer k8s = KubernetesTestServer.start()) {
      URI endpoint = moto.endpoint();
      StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
          AwsBasicCredentials.create("testing", "testing"));
      try (AutoScalingClient autoScaling = AutoScalingClient.builder().endpointOverride(endpoint)
          .region(Region.US_EAST_1).credentialsProvider(credentials).build();
          Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
              .credentialsProvider(credentials).build()) {
        ec2.createLaunchTemplate(request -> request.launchTemplateName("lt-spot-a")
            .launchTemplateData(data -> data.imageId("ami-12c6146b").instanceType("m5.large")));
        autoScaling.createAutoScalingGroup(request -> request.autoScalingGroupName("spot-a").minSize(0).maxSize(5)
            .desiredCapacity(0).availabilityZones("us-east-1a")
            .launchTemplate(lt -> lt.launchTemplateName("lt-spot-a").version("$Latest"))
            // Discovery tags, and the ownership tag the runtime requires before it acts on a group.
            .tags(tag(AutoscalerDiscoveryTags.ENABLED, "true"), tag(AutoscalerDiscoveryTags.clusterKey(CLUSTER), "owned"),
                tag(KubernetesClusterTag.key(CLUSTER), KubernetesClusterTag.OWNED)));
        k8s.client().pods().resource(new PodBuilder()
            .withNewMetadata().withNamespace("default").withName("pending").endMetadata()
            .withNewSpec().addNewContainer().withName("app").withImage("nginx").withNewResources()
            .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("256Mi"))).endResources()
            .endContainer().endSpec()
            .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
            .withReason("Unschedulable").withMessage("0/0 nodes are available").endCondition().endStatus()
            .build()).create();
        CLIENT_PROPERTIES.forEach(System::setProperty);
        System.setProperty("kubernetes.master", k8s.client().getMasterUrl().toString());
        CountDownLatch stop = new CountDownLatch(1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
          CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.serve(List.of(flag,
              "--node-group-auto-discovery=" + AutoscalerDiscoveryTags.autoDiscovery(CLUSTER),
              "--aws-endpoint", endpoint.toString(), "--aws-region", "us-east-1", "--scan-interval=1s",
              "--metrics-port", "0", "--metrics-address", "127.0.0.1"), Map.of(),
              new PrintStream(err, true, StandardCharsets.UTF_8), stop));

          Await.until(Duration.ofSeconds(60), "the loop's scale-up decision", () -> {
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics and health on 127.0.0.1:(\\d+)")
                .matcher(err.toString(StandardCharsets.UTF_8));
            return port.find() && java.util.regex.Pattern.compile(
                "cluster_autoscaler_scaled_up_nodes_total\\{[^}]*spot-a[^}]*} 1\\.0").matcher(metrics(port.group(1))).find();
          });

          After after = new After(
              autoScaling.describeAutoScalingGroups(request -> request.autoScalingGroupNames("spot-a"))
                  .autoScalingGroups().get(0).desiredCapacity(),
              k8s.client().leases().inAnyNamespace().list().getItems().size(),
              k8s.client().configMaps().inAnyNamespace().list().getItems().stream()
                  .anyMatch(map -> map.getMetadata().getName().equals("cluster-autoscaler-status")));
          stop.countDown();
          assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
          return after;
        } finally {
          CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
          System.clearProperty("kubernetes.master");
        }
      }
    }
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().resourceId("spot-a").resourceType("auto-scaling-group").key(key).value(value)
        .propagateAtLaunch(true).build();
  }

  private static String metrics(String port) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
