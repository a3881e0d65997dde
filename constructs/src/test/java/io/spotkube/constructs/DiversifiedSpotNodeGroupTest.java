package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.catalog.InstanceSelector;
import io.spotkube.catalog.SelectionCriteria;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiversifiedSpotNodeGroupTest {

  private DiversifiedSpotNodeGroup group;
  private Template template;

  @BeforeAll
  void synthesizeTutorialGroup() {
    TestStacks stacks = new TestStacks();
    group = new DiversifiedSpotNodeGroup(stacks.stack, "spot-group-base-2vcpus-8gb", stacks.tutorialGroup("m5.large")
        .taints(List.of(NodeTaint.of("spotkube.io/spot", "true", TaintEffect.PREFER_NO_SCHEDULE)))
        .labels(Map.of("team", "web"))
        .build());
    template = Template.fromStack(stacks.stack);
  }

  @Test
  void overridesAreTheSelectorsResultInOrder() {
    List<String> expected = InstanceSelector.bundled().selectNames(SelectionCriteria.builder()
        .baseInstanceType("m5.large").burstSupport(false).denyList(TestStacks.TUTORIAL_DENY_LIST).gpus(0).build());

    assertThat(group.getInstanceTypes()).isEqualTo(expected).contains("m5.large");
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MixedInstancesPolicy", Map.of("LaunchTemplate", Map.of(
            "Overrides", expected.stream().map(type -> Map.of("InstanceType", type)).toList()))));
  }

  @Test
  void spotOnlyDistributionWithPriceCapacityOptimizedByDefault() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MinSize", "1",
        "MaxSize", "5",
        "CapacityRebalance", true,
        "MixedInstancesPolicy", Map.of("InstancesDistribution", Map.of(
            "OnDemandBaseCapacity", 0,
            "OnDemandPercentageAboveBaseCapacity", 0,
            "SpotAllocationStrategy", "price-capacity-optimized"))));
  }

  @Test
  void oneGroupSpansTheThreePrivateSubnetsByDefault() {
    template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 1);
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "VPCZoneIdentifier", List.of(
            Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet1.*")),
            Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet2.*")),
            Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet3.*")))));
  }

  @Test
  void launchTemplateRequiresImdsV2EncryptsRootAndGivesNoPublicIp() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
        "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/sda1", "Ebs", Map.of(
            "Encrypted", true, "VolumeType", "gp3", "VolumeSize", 50, "DeleteOnTermination", true))),
        "NetworkInterfaces", List.of(Match.objectLike(Map.of("AssociatePublicIpAddress", false, "DeviceIndex", 0))),
        "IamInstanceProfile", Match.anyValue()))));
  }

  @Test
  void autoscalerDiscoveryTagsStayOnTheGroupAndTheManagedTagReachesTheInstances() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("Tags", Match.arrayWith(List.of(
        tag("aws-node-termination-handler/managed", "true", true),
        tag("k8s.io/cluster-autoscaler/enabled", "true", false),
        tag("k8s.io/cluster-autoscaler/spot-kops-cluster", "owned", false),
        tag("kubernetes.io/cluster/spot-kops-cluster", "owned", true)))));
  }

  @Test
  void theStacksIdIsTheClusterIdTagOnTheGroupAndItsInstances() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("Tags", Match.arrayWith(List.of(
        Map.of("Key", "spotkube.io/cluster-id", "Value", Map.of("Ref", "AWS::StackId"), "PropagateAtLaunch", true)))));
  }

  @Test
  void scaleFromZeroTemplateTagsDescribeLabelsTaintsAndTheSmallestTypesResources() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("Tags", Match.arrayWith(List.of(
        tag("k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/instancegroup", "spot-group-base-2vcpus-8gb", false),
        tag("k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/lifecycle", "Spot", false),
        tag("k8s.io/cluster-autoscaler/node-template/label/team", "web", false),
        // 2 vCPU less 70m kube-reserved; 8192 MiB * 0.95 less 1465 MiB reserved and 100 MiB eviction
        tag("k8s.io/cluster-autoscaler/node-template/resources/cpu", "1930m", false),
        tag("k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage", "40Gi", false),
        tag("k8s.io/cluster-autoscaler/node-template/resources/memory", "6217Mi", false),
        tag("k8s.io/cluster-autoscaler/node-template/resources/pods", "110", false),
        tag("k8s.io/cluster-autoscaler/node-template/taint/spotkube.io/spot", "true:PreferNoSchedule", false)))));
  }

  @Test
  void terminatingLifecycleHookContinuesAfterFiveMinutesAndHasNoDirectNotificationTarget() {
    template.resourceCountIs("AWS::AutoScaling::LifecycleHook", 2);
    template.hasResourceProperties("AWS::AutoScaling::LifecycleHook", Map.of(
        "LifecycleTransition", "autoscaling:EC2_INSTANCE_TERMINATING",
        "HeartbeatTimeout", 300,
        "DefaultResult", "CONTINUE",
        "NotificationTargetARN", Match.absent()));
  }

  @Test
  void launchingLifecycleHookIsNamedAndAbandonsANodeNotReadyAfterFiveMinutes() {
    String groupId = template.findResources("AWS::AutoScaling::AutoScalingGroup").keySet().iterator().next();

    template.hasResourceProperties("AWS::AutoScaling::LifecycleHook", Map.of(
        "AutoScalingGroupName", Map.of("Ref", groupId),
        "LifecycleHookName", "spotkube-wait-for-node-ready",
        "LifecycleTransition", "autoscaling:EC2_INSTANCE_LAUNCHING",
        "HeartbeatTimeout", 300,
        "DefaultResult", "ABANDON",
        "NotificationTargetARN", Match.absent()));
  }

  @Test
  void launchingHookTimeoutIsAProp() {
    TestStacks stacks = new TestStacks();
    new DiversifiedSpotNodeGroup(stacks.stack, "Spot", stacks.tutorialGroup("m5.large")
        .launchLifecycleHookHeartbeatTimeout(software.amazon.awscdk.Duration.minutes(10)).build());

    Template.fromStack(stacks.stack).hasResourceProperties("AWS::AutoScaling::LifecycleHook", Map.of(
        "LifecycleTransition", "autoscaling:EC2_INSTANCE_LAUNCHING", "HeartbeatTimeout", 600));
  }

  @Test
  void kubeletGetsTheLabelsItMaySetTheTaintsAndTheReservations() {
    String userData = group.getLaunchTemplate().getUserData().render();

    assertThat(userData).contains("KUBELET_EXTRA_ARGS=\"--node-labels=team=web "
        + "--register-with-taints=spotkube.io/spot=true:PreferNoSchedule --max-pods=110 "
        + "--kube-reserved=cpu=70m,memory=1465Mi --eviction-hard=memory.available<100Mi,nodefs.available<10%\"");
    // NodeRestriction forbids kubelets to set k8s.io labels: they are applied by a controller.
    assertThat(userData).doesNotContain("--node-labels=kops.k8s.io");
    assertThat(group.getLabels()).containsEntry("kops.k8s.io/lifecycle", "Spot");
  }

  @Test
  void aGroupOfGpuTypesCarriesTheAcceleratorLabelOnTheKubeletAndInItsNodeTemplateTags() {
    TestStacks stacks = new TestStacks();
    DiversifiedSpotNodeGroup gpu = new DiversifiedSpotNodeGroup(stacks.stack, "gpu", DiversifiedSpotNodeGroupProps.builder()
        .clusterName(TestStacks.CLUSTER).vpc(stacks.vpc).nodeRole(stacks.nodeRole).securityGroup(stacks.nodes)
        .instanceTypes(List.of("g4dn.xlarge", "g5.xlarge")).minCapacity(0).maxCapacity(2).build());

    Template.fromStack(stacks.stack).hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("Tags",
        Match.arrayWith(List.of(
            Match.objectLike(Map.of("Key", "k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator",
                "Value", "g4dn")),
            Match.objectLike(Map.of("Key", "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu",
                "Value", "1"))))));
    assertThat(gpu.getLaunchTemplate().getUserData().render()).contains("k8s.amazonaws.com/accelerator=g4dn");
  }

  @Test
  void aGroupWithoutGpusHasNoAcceleratorLabel() {
    assertThat(group.getLabels()).doesNotContainKey("k8s.amazonaws.com/accelerator");
    assertThat(group.getLaunchTemplate().getUserData().render()).doesNotContain("k8s.amazonaws.com/accelerator");
  }

  @Test
  void gettersExposeWhatUsersComposeWith() {
    assertThat(group.getNodeGroupName()).isEqualTo("spot-group-base-2vcpus-8gb");
    assertThat(group.getAutoScalingGroups()).hasSize(1);
    assertThat(group.getTaints()).extracting(NodeTaint::key).containsExactly("spotkube.io/spot");
  }

  private static Map<String, Object> tag(String key, String value, boolean propagate) {
    return Map.of("Key", key, "Value", value, "PropagateAtLaunch", propagate);
  }
}
