package io.spotkube.constructs;

import io.spotkube.catalog.InstanceType;
import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.contract.ClusterIdTag;
import io.spotkube.contract.KopsLabels;
import io.spotkube.contract.KubernetesClusterTag;
import io.spotkube.contract.AcceleratorLabel;
import io.spotkube.contract.NodeTemplateTags;
import io.spotkube.contract.TemplateNode;
import io.spotkube.contract.TerminationHandlerTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.BasicLifecycleHookProps;
import software.amazon.awscdk.services.autoscaling.DefaultResult;
import software.amazon.awscdk.services.autoscaling.InstancesDistribution;
import software.amazon.awscdk.services.autoscaling.LaunchTemplateOverrides;
import software.amazon.awscdk.services.autoscaling.LifecycleTransition;
import software.amazon.awscdk.services.autoscaling.MixedInstancesPolicy;
import software.amazon.awscdk.services.autoscaling.OnDemandAllocationStrategy;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.constructs.Construct;

/**
 * The machinery every worker group shares: a launch template, one Auto Scaling group (or one per
 * zone) with a MixedInstancesPolicy, autoscaler and termination-handler tags, scale-from-zero
 * templates, kubelet settings, a terminating and a launching lifecycle hook.
 */
abstract class AbstractNodeGroup extends Construct implements INodeGroup {

  /** The launching lifecycle hook's name on every worker group; the runtime completes it once the node is Ready. */
  static final String LAUNCH_LIFECYCLE_HOOK_NAME = "spotkube-wait-for-node-ready";

  private final String nodeGroupName;
  private final List<InstanceType> instanceTypes;
  private final Map<String, String> labels;
  private final List<NodeTaint> taints;
  private final TemplateNode templateNode;
  private final Map<String, String> templateTags;
  private final LaunchTemplate launchTemplate;
  private final List<AutoScalingGroup> autoScalingGroups = new ArrayList<>();

  /** What differs between Spot and on-demand groups. */
  record Kind(String constructType, String lifecycleLabel, boolean autoscalerDiscovery) {
  }

  AbstractNodeGroup(Construct scope, String id, DiversifiedSpotNodeGroupProps props, Kind kind) {
    super(scope, id);
    PropValidation validation = new PropValidation(kind.constructType(), getNode().getPath());
    validate(props, validation);

    this.nodeGroupName = props.getNodeGroupName() != null ? props.getNodeGroupName() : id;
    this.instanceTypes = InstanceTypeShapes.resolve(props, validation);
    if (!InstanceTypeShapes.sameShape(instanceTypes)) {
      Annotations.of(this).addWarningV2("spotkube:mixedShapes", "instance types differ in vCPU or memory; "
          + "the autoscaler's template uses the smallest, so larger types are under-used");
    }
    InstanceType smallest = InstanceTypeShapes.smallest(instanceTypes);
    this.labels = labels(props, nodeGroupName, kind.lifecycleLabel(), smallest);
    this.taints = props.getTaints();
    NodeBootstrap bootstrap = props.getBootstrap() != null ? props.getBootstrap() : NodeBootstrap.kubeadm();
    int maxPods = bootstrap.maxPods(instanceTypes, props.getMaxPods());
    try {
      this.templateNode = NodeGroupTemplate.of(labels, taints, smallest, maxPods, props.getRootVolumeSizeGib());
      this.templateTags = NodeTemplateTags.encode(templateNode);
    } catch (IllegalArgumentException e) {
      // Found now rather than by Auto Scaling at deploy (tag key limit), or lost silently (one taint per key).
      throw validation.error("labels/taints", "cannot be written as node-template tags: " + e.getMessage());
    }

    this.launchTemplate = launchTemplate(props, bootstrap.userData(new KubeletSettings(labels, taints, maxPods, smallest),
        props.getUserData()), props.getMachineImage() != null ? props.getMachineImage()
        : bootstrap.machineImage(smallest.primaryArchitecture()));
    for (Map.Entry<String, SubnetSelection> placement : placements(props).entrySet()) {
      String groupId = placement.getKey();
      AutoScalingGroup group = autoScalingGroup(groupId, props, placement.getValue());
      tag(group, props, kind.autoscalerDiscovery());
      group.addLifecycleHook("Terminating", BasicLifecycleHookProps.builder()
          .lifecycleTransition(LifecycleTransition.INSTANCE_TERMINATING)
          .heartbeatTimeout(props.getLifecycleHookHeartbeatTimeout())
          .defaultResult(DefaultResult.CONTINUE)
          .build());
      // A launched instance waits in Pending:Wait until the termination handler sees its node
      // Ready and completes the action (ASG_LAUNCH -> COMPLETE_WHEN_READY), so capacity rebalance
      // keeps the old Spot node until its replacement can take pods. ABANDON and 300 s as upstream
      // aws-node-termination-handler documents its launch hook (README, "Handle ASG Instance Launch
      // Lifecycle Notifications"): a node that never gets Ready is terminated and replaced.
      // CDK writes it as a separate AWS::AutoScaling::LifecycleHook, created after the group, so
      // instances launched before it exists (usually the group's first ones) are not held.
      // Control-plane groups get no such hook: see ControlPlane.
      group.addLifecycleHook("Launching", BasicLifecycleHookProps.builder()
          .lifecycleHookName(LAUNCH_LIFECYCLE_HOOK_NAME)
          .lifecycleTransition(LifecycleTransition.INSTANCE_LAUNCHING)
          .heartbeatTimeout(props.getLaunchLifecycleHookHeartbeatTimeout())
          .defaultResult(DefaultResult.ABANDON)
          .build());
      CfnResource cfnGroup = (CfnResource) group.getNode().getDefaultChild();
      NagSuppressionMetadata.suppress(cfnGroup, "AwsSolutions-AS3",
          "Scaling and lifecycle events reach the termination handler through EventBridge rules "
              + "(TerminationHandlerQueue), not through ASG notifications.");
      NagSuppressionMetadata.suppress(cfnGroup, "AwsSolutions-EC26",
          "The rule cannot read a MixedInstancesPolicy's launch template; that launch template encrypts "
              + "its only volume (gp3, Encrypted: true).");
      autoScalingGroups.add(group);
    }
  }

  private static void validate(DiversifiedSpotNodeGroupProps props, PropValidation validation) {
    validation.requirePresent("clusterName", props.getClusterName());
    validation.requirePresent("vpc", props.getVpc());
    validation.requirePresent("nodeRole", props.getNodeRole());
    validation.requirePresent("securityGroup", props.getSecurityGroup());
    validation.requireRange("minCapacity", props.getMinCapacity(), 0, 10_000);
    validation.requireRange("maxCapacity", props.getMaxCapacity(), 1, 10_000);
    validation.requireOrdered("minCapacity", props.getMinCapacity(), "maxCapacity", props.getMaxCapacity());
    validation.requireRange("onDemandBaseCapacity", props.getOnDemandBaseCapacity(), 0, 10_000);
    validation.requireRange("onDemandPercentageAboveBaseCapacity", props.getOnDemandPercentageAboveBaseCapacity(), 0, 100);
    validation.requireRange("maxInstanceTypes", props.getMaxInstanceTypes(), 1, InstanceTypeShapes.MAX_OVERRIDES);
    validation.requireRange("rootVolumeSizeGib", props.getRootVolumeSizeGib(), 8, 16_384);
    validation.requireRange("maxPods", props.getMaxPods(), 1, 737);
    validation.requireRange("instanceMetadataHopLimit", props.getInstanceMetadataHopLimit(), 1, 64);
    validation.requireRange("lifecycleHookHeartbeatTimeout (seconds)",
        props.getLifecycleHookHeartbeatTimeout().toSeconds(), 30, 7200);
    validation.requireRange("launchLifecycleHookHeartbeatTimeout (seconds)",
        props.getLaunchLifecycleHookHeartbeatTimeout().toSeconds(), 30, 7200);
    props.getLabels().forEach((key, value) -> {
      try {
        LabelRules.requireQualifiedName("key", key);
        LabelRules.requireValue("value", value);
      } catch (IllegalArgumentException e) {
        throw validation.error("labels", "has '" + key + "=" + value + "', which is not a valid Kubernetes label");
      }
    });
  }

  private static Map<String, String> labels(DiversifiedSpotNodeGroupProps props, String nodeGroupName, String lifecycle,
      InstanceType smallest) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(KopsLabels.LIFECYCLE, lifecycle);
    labels.put(KopsLabels.INSTANCE_GROUP, nodeGroupName);
    if (smallest.gpus() > 0) {
      // cluster-autoscaler's GPU label (only its presence is read; the value names the family, the
      // catalog has no GPU model): on the kubelet and the node-template tags alike, so a new node
      // whose device plugin has not advertised its GPUs yet is known for a GPU node (AcceleratorLabel).
      labels.put(AcceleratorLabel.KEY, smallest.family());
    }
    labels.putAll(props.getLabels());
    return java.util.Collections.unmodifiableMap(labels);
  }

  private LaunchTemplate launchTemplate(DiversifiedSpotNodeGroupProps props, UserData userData, IMachineImage machineImage) {
    return new NodeLaunchTemplate(machineImage, userData, props.getNodeRole(), props.getSecurityGroup(), null,
        props.getRootVolumeSizeGib(), props.getRootDeviceName(), props.getInstanceMetadataHopLimit())
        .create(this, "LaunchTemplate");
  }

  /** Construct id of each ASG -> its subnets: one across zones, or one per zone ("Zone-eu-west-1a"). */
  private Map<String, SubnetSelection> placements(DiversifiedSpotNodeGroupProps props) {
    SubnetSelection selection = props.getVpcSubnets() != null ? props.getVpcSubnets()
        : SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    Map<String, SubnetSelection> placements = new LinkedHashMap<>();
    if (props.getZonePlacement() == ZonePlacement.ONE_GROUP_ACROSS_ZONES) {
      placements.put("Group", selection);
      return placements;
    }
    Map<String, List<ISubnet>> byZone = new TreeMap<>();
    for (ISubnet subnet : props.getVpc().selectSubnets(selection).getSubnets()) {
      byZone.computeIfAbsent(subnet.getAvailabilityZone(), zone -> new ArrayList<>()).add(subnet);
    }
    byZone.forEach((zone, subnets) -> placements.put("Group-" + zone, SubnetSelection.builder().subnets(subnets).build()));
    return placements;
  }

  private AutoScalingGroup autoScalingGroup(String groupId, DiversifiedSpotNodeGroupProps props, SubnetSelection subnets) {
    List<LaunchTemplateOverrides> overrides = instanceTypes.stream()
        .map(type -> LaunchTemplateOverrides.builder()
            .instanceType(new software.amazon.awscdk.services.ec2.InstanceType(type.name()))
            .build())
        .toList();
    return AutoScalingGroup.Builder.create(this, groupId)
        .vpc(props.getVpc())
        .vpcSubnets(subnets)
        .minCapacity(props.getMinCapacity())
        .maxCapacity(props.getMaxCapacity())
        .capacityRebalance(props.isCapacityRebalance())
        .mixedInstancesPolicy(MixedInstancesPolicy.builder()
            .launchTemplate(launchTemplate)
            .launchTemplateOverrides(overrides)
            .instancesDistribution(InstancesDistribution.builder()
                .onDemandAllocationStrategy(OnDemandAllocationStrategy.PRIORITIZED)
                .onDemandBaseCapacity(props.getOnDemandBaseCapacity())
                .onDemandPercentageAboveBaseCapacity(props.getOnDemandPercentageAboveBaseCapacity())
                .spotAllocationStrategy(props.getSpotAllocationStrategy())
                .build())
            .build())
        .build();
  }

  private void tag(AutoScalingGroup group, DiversifiedSpotNodeGroupProps props, boolean autoscalerDiscovery) {
    // Group-only: cluster-autoscaler reads discovery and node-template tags from the group
    // (DescribeAutoScalingGroups) and IAM conditions read the group's tags; on instances they would
    // only eat into EC2's 50-tags-per-instance limit.
    TagProps groupOnly = TagProps.builder().applyToLaunchedInstances(false).build();
    Map<String, String> groupTags = new TreeMap<>();
    if (autoscalerDiscovery) {
      groupTags.put(AutoscalerDiscoveryTags.ENABLED, AutoscalerDiscoveryTags.ENABLED_VALUE);
    }
    // The cluster tag scopes the IAM conditions of the autoscaler and the handler too, so every
    // group of the cluster carries it; without the enabled tag the autoscaler leaves the group alone.
    groupTags.put(AutoscalerDiscoveryTags.clusterKey(props.getClusterName()), AutoscalerDiscoveryTags.OWNED);
    groupTags.putAll(templateTags);
    groupTags.forEach((key, value) -> Tags.of(group).add(key, value, groupOnly));
    // Propagated to the instances (the default of Tags.of): the termination handler checks its
    // managed tag on the EC2 instance (CHECK_TAG_BEFORE_DRAINING), as upstream's README and kOps
    // tag it (an ASG tag propagated at launch). Kept on the group only, every event is "not ours".
    Tags.of(group).add(TerminationHandlerTags.MANAGED, TerminationHandlerTags.MANAGED_VALUE);
    Tags.of(group).add("Name", props.getClusterName() + "/" + nodeGroupName);
    Tags.of(group).add(KubernetesClusterTag.key(props.getClusterName()), KubernetesClusterTag.OWNED);
    // Unique per stack where the cluster name is not: the runtime (--cluster-id) acts only on these.
    Tags.of(group).add(ClusterIdTag.KEY, Aws.STACK_ID);
    Tags.of(group).add(KopsLabels.INSTANCE_GROUP, nodeGroupName);
  }

  /** The kOps-style instance group name, also the value of the {@code kops.k8s.io/instancegroup} label. */
  @Override
  public String getNodeGroupName() {
    return nodeGroupName;
  }

  /** The instance type names in the MixedInstancesPolicy, in override order (sorted by name). */
  @Override
  public List<String> getInstanceTypes() {
    return instanceTypes.stream().map(InstanceType::name).toList();
  }

  /** Every node label of the group, the ones only a controller may set included. */
  @Override
  public Map<String, String> getLabels() {
    return labels;
  }

  @Override
  public List<NodeTaint> getTaints() {
    return taints;
  }

  /**
   * What the autoscaler is told a node of this group offers before one exists (scale from zero):
   * the group's labels and taints, and the smallest type's allocatable resources, written as the
   * group's {@code k8s.io/cluster-autoscaler/node-template/...} tags.
   */
  @Override
  public TemplateNode getTemplateNode() {
    return templateNode;
  }

  public LaunchTemplate getLaunchTemplate() {
    return launchTemplate;
  }

  /** One group, or one per availability zone with {@link ZonePlacement#ONE_GROUP_PER_ZONE}. */
  @Override
  public List<AutoScalingGroup> getAutoScalingGroups() {
    return List.copyOf(autoScalingGroups);
  }
}
