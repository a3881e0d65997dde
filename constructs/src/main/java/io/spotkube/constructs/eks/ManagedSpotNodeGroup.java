package io.spotkube.constructs.eks;

import io.spotkube.catalog.InstanceType;
import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.InstanceTypeSelection;
import io.spotkube.constructs.LabelRules;
import io.spotkube.constructs.NodeTaint;
import io.spotkube.contract.KopsLabels;
import io.spotkube.contract.TerminationHandlerTags;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.eks_v2.CapacityType;
import software.amazon.awscdk.services.eks_v2.ICluster;
import software.amazon.awscdk.services.eks_v2.LaunchTemplateSpec;
import software.amazon.awscdk.services.eks_v2.Nodegroup;
import software.amazon.awscdk.services.eks_v2.NodegroupAmiType;
import software.amazon.awscdk.services.eks_v2.TaintEffect;
import software.amazon.awscdk.services.eks_v2.TaintSpec;
import software.constructs.Construct;

/**
 * An EKS managed node group of Spot capacity: the same instance types the selector picks for a
 * {@code DiversifiedSpotNodeGroup} from the same props, the AL2023 EKS AMI ({@code amiType}; EKS
 * would pick AL2 otherwise, which has no AMIs from Kubernetes 1.33), the same labels and taints.
 * Labels a kubelet may not set itself are left to the runtime, as on self-managed groups.
 * A launch template carries only what EKS leaves to it: IMDSv2 with hop limit 1 and an encrypted
 * gp3 root volume (no AMI, no user data, no instance profile, as EKS requires).
 * EKS tags the group for the autoscaler's auto-discovery and drains rebalance-recommended nodes
 * itself.
 */
final class ManagedSpotNodeGroup {

  /** The root device of the AL2023 EKS AMIs. */
  static final String ROOT_DEVICE = "/dev/xvda";

  private ManagedSpotNodeGroup() {
  }

  static Nodegroup create(Construct scope, String id, ICluster cluster, DiversifiedSpotNodeGroupProps props) {
    String path = scope.getNode().getPath() + "/" + id;
    List<InstanceType> types = InstanceTypeSelection.resolve(props, "ManagedSpotNodeGroup", path);
    InstanceType smallest = types.stream().min(Comparator.comparingInt(InstanceType::vcpus)
        .thenComparingLong(InstanceType::memoryMib)).orElseThrow();
    String nodeGroupName = props.getNodeGroupName() != null ? props.getNodeGroupName() : id;
    Map<String, String> labels = new TreeMap<>(props.getLabels());
    labels.put(KopsLabels.LIFECYCLE, KopsLabels.SPOT);
    labels.put(KopsLabels.INSTANCE_GROUP, nodeGroupName);
    // EKS passes these to the kubelet, and NodeRestriction refuses a kubelet the reserved
    // (kubernetes.io, k8s.io) ones such as kops.k8s.io/lifecycle: those come from the runtime.
    labels = new TreeMap<>(LabelRules.selfSettable(labels));

    LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(scope, id + "LaunchTemplate")
        .requireImdsv2(true)
        .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
        .httpPutResponseHopLimit(props.getInstanceMetadataHopLimit())
        .blockDevices(List.of(BlockDevice.builder()
            .deviceName(ROOT_DEVICE)
            .volume(BlockDeviceVolume.ebs(props.getRootVolumeSizeGib(), EbsDeviceOptions.builder()
                .volumeType(EbsDeviceVolumeType.GP3).encrypted(true).deleteOnTermination(true).build()))
            .build()))
        .build();
    // The launch template's tags go to its instances: the termination handler acts on an instance
    // only with its managed tag (CHECK_TAG_BEFORE_DRAINING), so Spot interruptions of managed nodes are
    // drained; EKS's own tag eks:nodegroup-name makes it leave their rebalance recommendations to EKS.
    Tags.of(launchTemplate).add(TerminationHandlerTags.MANAGED, TerminationHandlerTags.MANAGED_VALUE);
    return Nodegroup.Builder.create(scope, id)
        .cluster(cluster)
        .nodegroupName(nodeGroupName)
        .capacityType(CapacityType.SPOT)
        .amiType(smallest.primaryArchitecture().equals("arm64")
            ? NodegroupAmiType.AL2023_ARM_64_STANDARD : NodegroupAmiType.AL2023_X86_64_STANDARD)
        .instanceTypes(types.stream().map(type -> new software.amazon.awscdk.services.ec2.InstanceType(type.name())).toList())
        .minSize(props.getMinCapacity())
        .maxSize(props.getMaxCapacity())
        .labels(labels.isEmpty() ? null : labels)
        .taints(props.getTaints().stream().map(ManagedSpotNodeGroup::taintSpec).toList())
        .subnets(props.getVpcSubnets() != null ? props.getVpcSubnets()
            : SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
        .launchTemplateSpec(LaunchTemplateSpec.builder()
            .id(launchTemplate.getLaunchTemplateId())
            .version(launchTemplate.getLatestVersionNumber())
            .build())
        .build();
  }

  private static TaintSpec taintSpec(NodeTaint taint) {
    TaintEffect effect = switch (taint.effect()) {
      case NO_SCHEDULE -> TaintEffect.NO_SCHEDULE;
      case PREFER_NO_SCHEDULE -> TaintEffect.PREFER_NO_SCHEDULE;
      case NO_EXECUTE -> TaintEffect.NO_EXECUTE;
    };
    return TaintSpec.builder().key(taint.key()).value(taint.value()).effect(effect).build();
  }
}
