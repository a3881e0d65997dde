package io.spotkube.runtime.draining.handler;

import static io.spotkube.runtime.draining.handler.HandlerFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.spotkube.runtime.adapters.aws.AutoScalingLifecycleActions;
import io.spotkube.runtime.adapters.aws.Ec2InstanceLookup;
import io.spotkube.runtime.draining.Samples;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.AwsTestCloud;
import io.spotkube.runtime.testing.ElasticMq;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler with its production AWS adapters: EC2 DescribeInstances and Auto Scaling from moto
 * (CompleteLifecycleAction and RecordLifecycleActionHeartbeat from the stand-in in front of moto,
 * which lacks them), SQS from ElasticMQ, Kubernetes from the fabric8 mock server.
 */
class DrainingWithMotoTest {

  private static final String MANAGED = "aws-node-termination-handler/managed";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static ElasticMq sqs;
  private static AwsTestCloud cloud;
  private static List<String> managed;
  private static List<String> unmanaged;
  private static List<String> eksManaged;
  private HandlerFixture fixture;
  private DrainingService service;

  @BeforeAll
  static void startServers() {
    sqs = ElasticMq.start();
    cloud = AwsTestCloud.start();
    managed = cloud.autoScalingGroup("spot-group", 4, MANAGED);
    unmanaged = cloud.autoScalingGroup("foreign-group", 1, null);
    // As EKS tags a managed group's Auto Scaling group, plus the handler's managed tag.
    eksManaged = cloud.taggedAutoScalingGroup("eks-managed-spot-1a2b", 2, Map.of(MANAGED, "true",
        "eks:nodegroup-name", "managed-spot", "eks:cluster-name", "spot-eks"));
  }

  @AfterAll
  static void stopServers() {
    cloud.close();
    sqs.close();
  }

  @BeforeEach
  void startHandler() {
    fixture = new HandlerFixture(sqs, 2);
    fixture.instances = new Ec2InstanceLookup(cloud.ec2());
    service = fixture.start(HandlerFixture.testConfig().checkTagBeforeDraining(true)
            .heartbeatInterval(Duration.ofMillis(200)).build(),
        new AutoScalingLifecycleActions(cloud.autoScaling()), new MetricsRegistry());
  }

  @AfterEach
  void stopHandler() throws Exception {
    fixture.close();
  }

  /** Registers the instance's node as the bootstrap does (named and addressed as EC2 says), with pods; its name. */
  private String registered(String instanceId) {
    InstanceInfo info = new Ec2InstanceLookup(cloud.ec2()).describe(instanceId).orElseThrow();
    fixture.nodeWithPods(info.privateDnsName(), instanceId, true, info.privateIpAddress());
    return info.privateDnsName();
  }

  private static String terminating(String instanceId) {
    return Samples.body("asg-terminate-direct.json").replace("i-0598c7d356eba48d7", instanceId)
        .replace("\"my-asg\"", "\"spot-group\"");
  }

  @Test
  void terminatingLifecycleDrainsTheNodeThenCompletesTheActionThenDeletesTheMessage() {
    String instance = managed.get(0);
    String nodeA = registered(instance);

    fixture.send(terminating(instance));

    Await.until(WAIT, "the message deleted", () -> service.metrics().messagesDeleted() == 1);
    assertThat(fixture.k8s.podExists(NS, nodeA + "-web")).isFalse();
    assertThat(fixture.k8s.node(nodeA).getSpec().getUnschedulable()).isTrue();
    assertThat(cloud.standIn().calls("CompleteLifecycleAction")).anySatisfy(call -> assertThat(call)
        .containsAllEntriesOf(Map.of("AutoScalingGroupName", "spot-group", "LifecycleHookName", "my-termination-hook",
            "InstanceId", instance, "LifecycleActionResult", "CONTINUE",
            "LifecycleActionToken", "71514b9d-6a40-4b26-8523-05e7eEXAMPLE")));
    assertThat(fixture.messagesInQueue()).isZero();
  }

  @Test
  void lifecycleHookIsHeartbeatedWhileTheDrainWaitsOnABudget() {
    String instance = managed.get(1);
    registered(instance);
    fixture.k8s.createPodDisruptionBudget(NS, "web", Map.of("app", "web"), 0);

    fixture.send(terminating(instance));

    Await.until(WAIT, "two heartbeats for the instance", () -> cloud.standIn().calls("RecordLifecycleActionHeartbeat")
        .stream().filter(call -> instance.equals(call.get("InstanceId"))).count() >= 2);
    assertThat(cloud.standIn().calls("CompleteLifecycleAction")).noneSatisfy(call ->
        assertThat(call.get("InstanceId")).isEqualTo(instance));
    fixture.k8s.deletePodDisruptionBudget(NS, "web");
    Await.until(WAIT, "completed once the budget allows it", () -> cloud.standIn().calls("CompleteLifecycleAction")
        .stream().anyMatch(call -> instance.equals(call.get("InstanceId"))));
  }

  @Test
  void anInstanceWithoutTheManagedTagIsNotOursAndItsNodeIsLeftAlone() {
    String instance = unmanaged.get(0);
    String nodeForeign = registered(instance);

    fixture.send(Samples.body("spot-interruption.json").replace("i-0b662ef9931388ba0", instance));

    Await.until(WAIT, "the message set aside and deleted", () -> service.metrics().setAside("not_ours") == 1
        && fixture.messagesInQueue() == 0);
    assertThat(fixture.k8s.node(nodeForeign).getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(fixture.k8s.podExists(NS, nodeForeign + "-web")).isTrue();
  }

  @Test
  void aRebalanceRecommendationOfAnEksManagedGroupsNodeIsLeftToEks() {
    String instance = eksManaged.get(0);
    String node = registered(instance);

    fixture.send(Samples.body("rebalance-recommendation.json").replace("i-0e1ef8dfa5bdbb0b5", instance));

    Await.until(WAIT, "the message set aside and deleted",
        () -> service.metrics().setAside(EventActuator.EKS_MANAGED_REBALANCE) == 1 && fixture.messagesInQueue() == 0);
    assertThat(fixture.k8s.node(node).getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(fixture.k8s.node(node).getSpec().getTaints()).isNullOrEmpty();
    assertThat(fixture.k8s.podExists(NS, node + "-web")).isTrue();
  }

  @Test
  void aSpotInterruptionOfAnEksManagedGroupsNodeIsStillDrained() {
    String instance = eksManaged.get(1);
    String node = registered(instance);

    fixture.send(Samples.body("spot-interruption.json").replace("i-0b662ef9931388ba0", instance));

    Await.until(WAIT, "drained", () -> !fixture.k8s.podExists(NS, node + "-web"));
    assertThat(fixture.k8s.node(node).getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void aNodeWithoutProviderIdIsFoundByTheInstancesPrivateDnsName() {
    String instance = managed.get(2);
    String dnsName = new Ec2InstanceLookup(cloud.ec2()).describe(instance).orElseThrow().privateDnsName();
    fixture.k8s.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(dnsName).endMetadata()
        .withNewSpec().endSpec().build()).create();
    fixture.k8s.createPod(NS, "dns-web", dnsName, "ReplicaSet", Map.of("app", "dns"));

    fixture.send(Samples.body("spot-interruption.json").replace("i-0b662ef9931388ba0", instance));

    Await.until(WAIT, "drained", () -> !fixture.k8s.podExists(NS, "dns-web"));
    assertThat(fixture.k8s.node(dnsName).getSpec().getUnschedulable()).isTrue();
  }
}
