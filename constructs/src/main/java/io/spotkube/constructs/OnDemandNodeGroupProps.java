package io.spotkube.constructs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IRole;

/**
 * Props of {@link OnDemandNodeGroup}. Immutable; build with {@link #builder()}. The defaults are
 * the kOps Spot tutorial's on-demand nodes: t3.large, labelled {@code kops.k8s.io/lifecycle=OnDemand}.
 */
public final class OnDemandNodeGroupProps {

  private final DiversifiedSpotNodeGroupProps groupProps;
  private final List<String> instanceTypes;
  private final boolean autoscalerDiscovery;

  private OnDemandNodeGroupProps(Builder builder) {
    this.instanceTypes = List.copyOf(builder.instanceTypes);
    this.autoscalerDiscovery = builder.autoscalerDiscovery;
    this.groupProps = builder.delegate.instanceTypes(instanceTypes)
        .onDemandBaseCapacity(0)
        .onDemandPercentageAboveBaseCapacity(100)
        .capacityRebalance(false)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** @default ["t3.large"] */
  public List<String> getInstanceTypes() {
    return instanceTypes;
  }

  /** Tag the group for cluster-autoscaler auto-discovery. @default false (the tutorial scales Spot only) */
  public boolean isAutoscalerDiscovery() {
    return autoscalerDiscovery;
  }

  /** The same settings as a Spot group's, all capacity on-demand. */
  public DiversifiedSpotNodeGroupProps toGroupProps() {
    return groupProps;
  }

  /** The same props with the group settings replaced (the cluster fills in its own values). */
  public OnDemandNodeGroupProps withGroupProps(DiversifiedSpotNodeGroupProps replaced) {
    Builder builder = new Builder();
    builder.instanceTypes = instanceTypes;
    builder.autoscalerDiscovery = autoscalerDiscovery;
    return new OnDemandNodeGroupProps(builder, replaced);
  }

  private OnDemandNodeGroupProps(Builder builder, DiversifiedSpotNodeGroupProps groupProps) {
    this.instanceTypes = List.copyOf(builder.instanceTypes);
    this.autoscalerDiscovery = builder.autoscalerDiscovery;
    this.groupProps = groupProps;
  }

  /**
   * Builder. Each setter has the meaning and default of the same-named one of
   * {@link DiversifiedSpotNodeGroupProps.Builder}, except {@code minCapacity} (default 1),
   * {@code maxCapacity} (default 3). {@code instanceMetadataHopLimit} is 1 here too: no pod in
   * the pod network reaches the node role (the runtime runs on the control plane, docs/security.md).
   */
  public static final class Builder {
    private final DiversifiedSpotNodeGroupProps.Builder delegate = DiversifiedSpotNodeGroupProps.builder()
        .minCapacity(1).maxCapacity(3);
    private List<String> instanceTypes = List.of("t3.large");
    private boolean autoscalerDiscovery;

    private Builder() {
    }

    public Builder instanceTypes(List<String> instanceTypes) {
      this.instanceTypes = Objects.requireNonNull(instanceTypes, "instanceTypes");
      return this;
    }

    public Builder autoscalerDiscovery(boolean autoscalerDiscovery) {
      this.autoscalerDiscovery = autoscalerDiscovery;
      return this;
    }

    public Builder clusterName(String clusterName) {
      delegate.clusterName(clusterName);
      return this;
    }

    public Builder vpc(IVpc vpc) {
      delegate.vpc(vpc);
      return this;
    }

    public Builder vpcSubnets(SubnetSelection vpcSubnets) {
      delegate.vpcSubnets(vpcSubnets);
      return this;
    }

    public Builder nodeRole(IRole nodeRole) {
      delegate.nodeRole(nodeRole);
      return this;
    }

    public Builder securityGroup(ISecurityGroup securityGroup) {
      delegate.securityGroup(securityGroup);
      return this;
    }

    public Builder nodeGroupName(String nodeGroupName) {
      delegate.nodeGroupName(nodeGroupName);
      return this;
    }

    public Builder minCapacity(int minCapacity) {
      delegate.minCapacity(minCapacity);
      return this;
    }

    public Builder maxCapacity(int maxCapacity) {
      delegate.maxCapacity(maxCapacity);
      return this;
    }

    public Builder zonePlacement(ZonePlacement zonePlacement) {
      delegate.zonePlacement(zonePlacement);
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      delegate.labels(labels);
      return this;
    }

    public Builder taints(List<NodeTaint> taints) {
      delegate.taints(taints);
      return this;
    }

    public Builder machineImage(IMachineImage machineImage) {
      delegate.machineImage(machineImage);
      return this;
    }

    public Builder userData(UserData userData) {
      delegate.userData(userData);
      return this;
    }

    public Builder rootVolumeSizeGib(int rootVolumeSizeGib) {
      delegate.rootVolumeSizeGib(rootVolumeSizeGib);
      return this;
    }

    public Builder maxPods(int maxPods) {
      delegate.maxPods(maxPods);
      return this;
    }

    public Builder instanceMetadataHopLimit(int hopLimit) {
      delegate.instanceMetadataHopLimit(hopLimit);
      return this;
    }

    public Builder lifecycleHookHeartbeatTimeout(Duration timeout) {
      delegate.lifecycleHookHeartbeatTimeout(timeout);
      return this;
    }

    public Builder launchLifecycleHookHeartbeatTimeout(Duration timeout) {
      delegate.launchLifecycleHookHeartbeatTimeout(timeout);
      return this;
    }

    public OnDemandNodeGroupProps build() {
      return new OnDemandNodeGroupProps(this);
    }
  }
}
