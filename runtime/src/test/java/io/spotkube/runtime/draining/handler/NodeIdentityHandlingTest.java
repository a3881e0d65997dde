package io.spotkube.runtime.draining.handler;

import static io.spotkube.runtime.draining.handler.HandlerFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.spotkube.contract.ClusterIdTag;
import io.spotkube.contract.KubernetesClusterTag;
import io.spotkube.runtime.adapters.aws.AutoScalingLifecycleActions;
import io.spotkube.runtime.adapters.aws.Ec2InstanceLookup;
import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.AwsTestCloud;
import io.spotkube.runtime.testing.ElasticMq;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The handler's node identity and ownership checks against EC2 (moto): a node claiming another
 * instance is not the one drained, an instance of another cluster of the same name is never acted
 * on (not even through the private-DNS-name fallback), and a Health event naming 1,000 instances
 * costs a handful of DescribeInstances calls, counted on the wire.
 */
class NodeIdentityHandlingTest {

  private static final String CLUSTER = "spot-kops-cluster";
  private static final String MANAGED = "aws-node-termination-handler/managed";
  private static final ClusterOwnership OURS = new ClusterOwnership(CLUSTER, "stack-a");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static ElasticMq sqs;
  private static AwsTestCloud cloud;
  private static Ec2Client ec2;
  private static final AtomicInteger describeCalls = new AtomicInteger();
  private HandlerFixture fixture;

  @BeforeAll
  static void startServers() {
    sqs = ElasticMq.start();
    cloud = AwsTestCloud.start();
    ec2 = Ec2Client.builder().endpointOverride(cloud.standIn().endpoint()).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof DescribeInstancesRequest) {
              describeCalls.incrementAndGet();
            }
          }
        })).build();
  }

  @AfterAll
  static void stopServers() {
    ec2.close();
    cloud.close();
    sqs.close();
  }

  @AfterEach
  void stopHandler() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private DrainingService startHandler(ClusterOwnership ownership, MetricsRegistry registry) {
    fixture = new HandlerFixture(sqs, 2);
    fixture.instances = new Ec2InstanceLookup(ec2);
    DrainingConfig config = HandlerFixture.testConfig().checkTagBeforeDraining(true).build();
    return fixture.start(config, ownership, new AutoScalingLifecycleActions(cloud.autoScaling()), registry);
  }

  /** Instances run in moto with the managed tag and the ownership tags of the stack {@code clusterId}. */
  private static List<String> instances(int count, String clusterId) {
    String imageId = ec2.describeImages(request -> { }).images().get(0).imageId();
    List<Tag> tags = List.of(Tag.builder().key(MANAGED).value("true").build(),
        Tag.builder().key(KubernetesClusterTag.key(CLUSTER)).value(KubernetesClusterTag.OWNED).build(),
        Tag.builder().key(ClusterIdTag.KEY).value(clusterId).build());
    // In calls of at most 100: one RunInstances of 1,000 can outlast the client's read timeout on a
    // loaded machine (moto answers it in one piece).
    List<String> ids = new ArrayList<>();
    for (int launched = 0; launched < count; launched += 100) {
      int batch = Math.min(100, count - launched);
      ec2.runInstances(request -> request.imageId(imageId).minCount(batch).maxCount(batch)
              .instanceType(InstanceType.M5_LARGE)
              .tagSpecifications(spec -> spec.resourceType(ResourceType.INSTANCE).tags(tags)))
          .instances().forEach(instance -> ids.add(instance.instanceId()));
    }
    return ids;
  }

  private static InstanceInfo ec2Says(String instanceId) {
    return new Ec2InstanceLookup(ec2).describe(instanceId).orElseThrow();
  }

  private static String spotInterruption(String instanceId) {
    return Samples.body("spot-interruption.json").replace("i-0b662ef9931388ba0", instanceId);
  }

  @Test
  void aNodeClaimingAnotherNodesInstanceIsNotDrainedForItTheRealNodeIs() {
    DrainingService service = startHandler(OURS, new MetricsRegistry());
    String victim = instances(1, "stack-a").get(0);
    InstanceInfo real = ec2Says(victim);
    // The real node, registered before the cloud controller manager set its provider ID.
    fixture.k8s.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(real.privateDnsName())
        .endMetadata().withNewSpec().endSpec().withNewStatus().addNewAddress().withType("InternalIP")
        .withAddress(real.privateIpAddress()).endAddress().endStatus().build()).create();
    fixture.k8s.createPod(NS, "real-web", real.privateDnsName(), "ReplicaSet", Map.of("app", "real"));
    // A node registered with the join token, claiming the victim's instance under its own name and address.
    fixture.nodeWithPods("ip-10-99-0-1.eu-west-1.compute.internal", victim, true, "10.99.0.1");
    fixture.awaitCached(4);

    fixture.send(spotInterruption(victim));

    Await.until(WAIT, "the real node drained", () -> !fixture.k8s.podExists(NS, "real-web"));
    assertThat(fixture.k8s.node(real.privateDnsName()).getSpec().getUnschedulable()).isTrue();
    assertThat(fixture.k8s.node("ip-10-99-0-1.eu-west-1.compute.internal").getSpec().getUnschedulable())
        .as("the impostor is not cordoned").isNotEqualTo(Boolean.TRUE);
    assertThat(fixture.k8s.podExists(NS, "ip-10-99-0-1.eu-west-1.compute.internal-web")).isTrue();
    Await.until(WAIT, "a NodeIdentityRefused event on the impostor", () -> fixture.k8s.client().v1().events()
        .inAnyNamespace().list().getItems().stream().anyMatch(event -> "NodeIdentityRefused".equals(event.getReason())
            && "ip-10-99-0-1.eu-west-1.compute.internal".equals(event.getInvolvedObject().getName())));
    assertThat(service.metrics().setAside("not_ours")).isZero();
  }

  @Test
  void anInstanceOfAnotherClusterOfTheSameNameIsNotOursEvenWhereADnsNameMatches() {
    MetricsRegistry registry = new MetricsRegistry();
    DrainingService service = startHandler(OURS, registry);
    String theirs = instances(1, "stack-b").get(0);
    // A node of this cluster whose name is the other cluster's instance's DNS name (same default VPC CIDR).
    String sharedName = ec2Says(theirs).privateDnsName();
    fixture.k8s.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(sharedName).endMetadata()
        .withNewSpec().endSpec().build()).create();
    fixture.k8s.createPod(NS, "ours-web", sharedName, "ReplicaSet", Map.of("app", "ours"));
    fixture.awaitCached(1);

    fixture.send(spotInterruption(theirs));

    Await.until(WAIT, "the message set aside as not ours", () -> service.metrics().setAside("not_ours") == 1
        && fixture.messagesInQueue() == 0);
    assertThat(fixture.k8s.node(sharedName).getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(fixture.k8s.podExists(NS, "ours-web")).isTrue();
    assertThat(registry.scrape()).contains("spotkube_node_identity_refused_actions_total{action=\"drain\"} 1");
  }

  @Test
  void aHealthEventNamingAThousandInstancesIsLookedUpInBatchesNotOneCallEach() {
    DrainingService service = startHandler(OURS, new MetricsRegistry());
    List<String> retiring = new ArrayList<>(instances(1000, "stack-a"));
    StringBuilder entities = new StringBuilder();
    for (String id : retiring) {
      entities.append(entities.length() == 0 ? "" : ",").append("{\"entityValue\":\"").append(id).append("\"}");
    }
    String body = Samples.body("health-scheduled-change.json")
        .replace("\"resources\": [\"i-abcd1111\", \"i-abcd2222\"]", "\"resources\": []")
        .replaceAll("(?s)\"affectedEntities\": \\[.*?\\]\\s*\\}\\s*\\}\\s*$", "\"affectedEntities\": [" + entities
            + "]}}");
    describeCalls.set(0);

    fixture.send(body);

    Await.until(WAIT, "the message handled (no node for any instance)", () -> fixture.messagesInQueue() == 0);
    assertThat(service.metrics().setAside("node_not_found")).isEqualTo(1000);
    assertThat(describeCalls.get()).as("DescribeInstances calls for 1,000 instances").isEqualTo(1000 / 200);
  }
}
