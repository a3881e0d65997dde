package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.spotkube.contract.EksManagedNodeGroupTags;
import io.spotkube.runtime.adapters.aws.EksManagedNodeGroups;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eks.model.CapacityTypes;
import software.amazon.awssdk.services.eks.model.TaintEffect;

/**
 * Scale from zero of an EKS managed node group whose Auto Scaling group carries no node-template
 * tags (EKS writes none): its labels and taints come from moto's EKS API ({@code DescribeNodegroup}),
 * its Auto Scaling group from moto's Auto Scaling, tagged as EKS tags it.
 */
class EksManagedNodeGroupScalingTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String EKS_CLUSTER = "spot-eks";
  private static final String NODE_GROUP = "managed-spot";
  private static final String GROUP = "eks-managed-spot-6ec9a1b2";

  @RegisterExtension
  static final ScalingServers SERVERS = new ScalingServers();

  private final ScalingMetrics metrics = new RegistryScalingMetrics(new MetricsRegistry());
  private ScalingWorld world;

  @BeforeEach
  void world() {
    world = SERVERS.world();
    world.eks.createCluster(request -> request.name(EKS_CLUSTER).roleArn("arn:aws:iam::123456789012:role/eks")
        .resourcesVpcConfig(vpc -> vpc.subnetIds("subnet-12345678")));
    world.eks.createNodegroup(request -> request.clusterName(EKS_CLUSTER).nodegroupName(NODE_GROUP)
        .nodeRole("arn:aws:iam::123456789012:role/node").subnets("subnet-12345678")
        .capacityType(CapacityTypes.SPOT).instanceTypes("m5.large")
        .scalingConfig(scaling -> scaling.minSize(0).maxSize(3).desiredSize(0))
        .labels(Map.of("workload", "batch"))
        .taints(taint -> taint.key("dedicated").value("batch").effect(TaintEffect.NO_SCHEDULE)));
    // The Auto Scaling group EKS makes: discovery tags and its own, no node-template tags.
    world.createGroup(GROUP, 0, 3, 0, Map.of(EksManagedNodeGroupTags.NODEGROUP_NAME, NODE_GROUP,
        EksManagedNodeGroupTags.CLUSTER_NAME, EKS_CLUSTER), "m5.large");
    world.createGroup("self-managed-spot", 0, 3, 0, "m5.large");
  }

  @Test
  void aManagedGroupsTemplateCarriesTheLabelsAndTaintsEksGivesItsNodes() {
    DiscoveredNodeGroup group = world.provider().nodeGroups().stream()
        .filter(candidate -> candidate.name().equals(GROUP)).findFirst().orElseThrow();

    assertThat(group.template().labels()).containsEntry("workload", "batch")
        .containsEntry(EksManagedNodeGroups.NODEGROUP_LABEL, NODE_GROUP)
        .containsEntry(EksManagedNodeGroups.CAPACITY_TYPE_LABEL, "SPOT")
        .containsEntry("node.kubernetes.io/instance-type", "m5.large");
    assertThat(group.template().taints()).containsExactly(new Taint("dedicated", "batch", "NoSchedule"));
  }

  @Test
  void aPendingPodThatNeedsTheManagedGroupsLabelScalesItFromZero() {
    world.kubernetes.pods().resource(new PodBuilder()
        .withNewMetadata().withNamespace("default").withName("batch-job").withLabels(Map.of("app", "batch"))
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName("batch").withUid("uid-batch")
        .withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeSelector(Map.of("workload", "batch"))
        .addNewToleration().withKey("dedicated").withOperator("Equal").withValue("batch").withEffect("NoSchedule")
        .endToleration()
        .addNewContainer().withName("job").withImage("busybox").withNewResources()
        .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"))).endResources().endContainer()
        .endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
        .withReason("Unschedulable").endCondition().endStatus().build()).create();
    AutoscalerLoop loop = world.loop(metrics);
    Await.until(DEADLINE, "the cache to see the pod", () -> world.seen().pods().size() == 1);

    Plan plan = loop.runOnce(Instant.now());

    assertThat(plan.scaleUp()).extracting(Plan.ScaleUp::nodeGroup).containsExactly(GROUP);
    assertThat(world.desired(GROUP)).isEqualTo(1);
    assertThat(world.desired("self-managed-spot")).isZero();
  }

  @Test
  void eksIsAskedOncePerTtlAndAGroupItDoesNotKnowGetsNoExtraLabels() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    EksManagedNodeGroups groups = new EksManagedNodeGroups(world.eks, io.spotkube.runtime.observability.CallTimer.NONE,
        clock);

    assertThat(groups.describe(EKS_CLUSTER, NODE_GROUP)).isPresent();
    world.eks.deleteNodegroup(request -> request.clusterName(EKS_CLUSTER).nodegroupName(NODE_GROUP));
    clock.advance(EksManagedNodeGroups.TTL.minusSeconds(1));
    assertThat(groups.describe(EKS_CLUSTER, NODE_GROUP)).as("still cached").isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(groups.describe(EKS_CLUSTER, NODE_GROUP)).as("asked again after the TTL: gone").isEmpty();
    assertThat(groups.describe(EKS_CLUSTER, "no-such-group")).isEmpty();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends java.time.Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
