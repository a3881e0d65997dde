package io.spotkube.constructs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IRole;

/**
 * Props of {@link DiversifiedSpotNodeGroup}. Immutable; build with {@link #builder()}.
 *
 * <p>Instance types are either picked by the instance selector ({@link Builder#baseInstanceType}
 * and the filters, as {@code kops toolbox instance-selector} does) or given explicitly
 * ({@link Builder#instanceTypes}).
 */
public final class DiversifiedSpotNodeGroupProps {

  private final String clusterName;
  private final IVpc vpc;
  private final SubnetSelection vpcSubnets;
  private final IRole nodeRole;
  private final ISecurityGroup securityGroup;
  private final String nodeGroupName;
  private final String baseInstanceType;
  private final List<String> instanceTypes;
  private final Boolean burstSupport;
  private final Integer gpus;
  private final String allowList;
  private final String denyList;
  private final Boolean currentGeneration;
  private final int maxInstanceTypes;
  private final int minCapacity;
  private final int maxCapacity;
  private final int onDemandBaseCapacity;
  private final int onDemandPercentageAboveBaseCapacity;
  private final SpotAllocationStrategy spotAllocationStrategy;
  private final boolean capacityRebalance;
  private final ZonePlacement zonePlacement;
  private final Map<String, String> labels;
  private final List<NodeTaint> taints;
  private final IMachineImage machineImage;
  private final UserData userData;
  private final NodeBootstrap bootstrap;
  private final int rootVolumeSizeGib;
  private final String rootDeviceName;
  private final int maxPods;
  private final int instanceMetadataHopLimit;
  private final Duration lifecycleHookHeartbeatTimeout;
  private final Duration launchLifecycleHookHeartbeatTimeout;

  private DiversifiedSpotNodeGroupProps(Builder b) {
    this.clusterName = b.clusterName;
    this.vpc = b.vpc;
    this.vpcSubnets = b.vpcSubnets;
    this.nodeRole = b.nodeRole;
    this.securityGroup = b.securityGroup;
    this.nodeGroupName = b.nodeGroupName;
    this.baseInstanceType = b.baseInstanceType;
    this.instanceTypes = b.instanceTypes == null ? null : List.copyOf(b.instanceTypes);
    this.burstSupport = b.burstSupport;
    this.gpus = b.gpus;
    this.allowList = b.allowList;
    this.denyList = b.denyList;
    this.currentGeneration = b.currentGeneration;
    this.maxInstanceTypes = b.maxInstanceTypes;
    this.minCapacity = b.minCapacity;
    this.maxCapacity = b.maxCapacity;
    this.onDemandBaseCapacity = b.onDemandBaseCapacity;
    this.onDemandPercentageAboveBaseCapacity = b.onDemandPercentageAboveBaseCapacity;
    this.spotAllocationStrategy = b.spotAllocationStrategy;
    this.capacityRebalance = b.capacityRebalance;
    this.zonePlacement = b.zonePlacement;
    this.labels = java.util.Collections.unmodifiableMap(new TreeMap<>(b.labels));
    this.taints = List.copyOf(b.taints);
    this.machineImage = b.machineImage;
    this.userData = b.userData;
    this.bootstrap = b.bootstrap;
    this.rootVolumeSizeGib = b.rootVolumeSizeGib;
    this.rootDeviceName = b.rootDeviceName;
    this.maxPods = b.maxPods;
    this.instanceMetadataHopLimit = b.instanceMetadataHopLimit;
    this.lifecycleHookHeartbeatTimeout = b.lifecycleHookHeartbeatTimeout;
    this.launchLifecycleHookHeartbeatTimeout = b.launchLifecycleHookHeartbeatTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these props, to derive variants (the cluster fills in its own values). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.clusterName = clusterName;
    b.vpc = vpc;
    b.vpcSubnets = vpcSubnets;
    b.nodeRole = nodeRole;
    b.securityGroup = securityGroup;
    b.nodeGroupName = nodeGroupName;
    b.baseInstanceType = baseInstanceType;
    b.instanceTypes = instanceTypes;
    b.burstSupport = burstSupport;
    b.gpus = gpus;
    b.allowList = allowList;
    b.denyList = denyList;
    b.currentGeneration = currentGeneration;
    b.maxInstanceTypes = maxInstanceTypes;
    b.minCapacity = minCapacity;
    b.maxCapacity = maxCapacity;
    b.onDemandBaseCapacity = onDemandBaseCapacity;
    b.onDemandPercentageAboveBaseCapacity = onDemandPercentageAboveBaseCapacity;
    b.spotAllocationStrategy = spotAllocationStrategy;
    b.capacityRebalance = capacityRebalance;
    b.zonePlacement = zonePlacement;
    b.labels = labels;
    b.taints = taints;
    b.machineImage = machineImage;
    b.userData = userData;
    b.bootstrap = bootstrap;
    b.rootVolumeSizeGib = rootVolumeSizeGib;
    b.rootDeviceName = rootDeviceName;
    b.maxPods = maxPods;
    b.instanceMetadataHopLimit = instanceMetadataHopLimit;
    b.lifecycleHookHeartbeatTimeout = lifecycleHookHeartbeatTimeout;
    b.launchLifecycleHookHeartbeatTimeout = launchLifecycleHookHeartbeatTimeout;
    return b;
  }

  /** The Kubernetes cluster's name: it scopes the autoscaler discovery tag. Required. */
  public String getClusterName() {
    return clusterName;
  }

  /** The VPC. Required. */
  public IVpc getVpc() {
    return vpc;
  }

  /** Where nodes go. @default - the VPC's private subnets (with egress) */
  public SubnetSelection getVpcSubnets() {
    return vpcSubnets;
  }

  /** The nodes' IAM role. Required. */
  public IRole getNodeRole() {
    return nodeRole;
  }

  /** The nodes' security group. Required. */
  public ISecurityGroup getSecurityGroup() {
    return securityGroup;
  }

  /** The kOps-style instance group name, also the {@code kops.k8s.io/instancegroup} label. @default - the construct id */
  public String getNodeGroupName() {
    return nodeGroupName;
  }

  /** The base type of the selector: vCPU and memory 0.9x..1.2x, same GPUs and architecture. */
  public String getBaseInstanceType() {
    return baseInstanceType;
  }

  /** Explicit instance types instead of a selection. @default - selected from baseInstanceType */
  public List<String> getInstanceTypes() {
    return instanceTypes;
  }

  /** Whether burstable (t-family) types may be picked. @default false */
  public Boolean getBurstSupport() {
    return burstSupport;
  }

  /** The GPU count. @default - the base type's */
  public Integer getGpus() {
    return gpus;
  }

  /** Keep only types whose name this regex matches somewhere. @default - no allow list */
  public String getAllowList() {
    return allowList;
  }

  /** Drop types whose name this regex matches somewhere. @default - no deny list */
  public String getDenyList() {
    return denyList;
  }

  /** Only types AWS flags current generation. @default - not filtered (AWS flags m5 and c5 as previous) */
  public Boolean getCurrentGeneration() {
    return currentGeneration;
  }

  /** The most types the selector returns. @default 20 */
  public int getMaxInstanceTypes() {
    return maxInstanceTypes;
  }

  /** @default 0 (scale from zero) */
  public int getMinCapacity() {
    return minCapacity;
  }

  /** @default 10 */
  public int getMaxCapacity() {
    return maxCapacity;
  }

  /** @default 0 */
  public int getOnDemandBaseCapacity() {
    return onDemandBaseCapacity;
  }

  /** @default 0 (all Spot above the base) */
  public int getOnDemandPercentageAboveBaseCapacity() {
    return onDemandPercentageAboveBaseCapacity;
  }

  /** @default SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED */
  public SpotAllocationStrategy getSpotAllocationStrategy() {
    return spotAllocationStrategy;
  }

  /** Launch a replacement when EC2 recommends a rebalance. @default true */
  public boolean isCapacityRebalance() {
    return capacityRebalance;
  }

  /** @default ZonePlacement.ONE_GROUP_ACROSS_ZONES */
  public ZonePlacement getZonePlacement() {
    return zonePlacement;
  }

  /** Node labels, besides {@code kops.k8s.io/lifecycle=Spot} and the instance group label. @default - none */
  public Map<String, String> getLabels() {
    return labels;
  }

  /** Node taints. @default - none */
  public List<NodeTaint> getTaints() {
    return taints;
  }

  /** The AMI. @default - Ubuntu 24.04 LTS for the types' architecture, from Canonical's public SSM parameter */
  public IMachineImage getMachineImage() {
    return machineImage;
  }

  /** Commands run after the kubelet settings are written (the cluster's bootstrap). @default - none */
  public UserData getUserData() {
    return userData;
  }

  /** How nodes join the cluster (the part that differs between control planes). @default NodeBootstrap.kubeadm() */
  public NodeBootstrap getBootstrap() {
    return bootstrap;
  }

  /** @default 50 */
  public int getRootVolumeSizeGib() {
    return rootVolumeSizeGib;
  }

  /** @default "/dev/sda1" (Ubuntu AMIs) */
  public String getRootDeviceName() {
    return rootDeviceName;
  }

  /** The kubelet's pod limit, also used for the reservation and the template tags. @default 110 */
  public int getMaxPods() {
    return maxPods;
  }

  /** IMDSv2 response hop limit: 1 keeps pods off the node role. @default 1 */
  public int getInstanceMetadataHopLimit() {
    return instanceMetadataHopLimit;
  }

  /** The terminating lifecycle hook's heartbeat timeout. @default Duration.seconds(300) */
  public Duration getLifecycleHookHeartbeatTimeout() {
    return lifecycleHookHeartbeatTimeout;
  }

  /**
   * How long a launched instance waits (Pending:Wait) for the termination handler to see its node
   * Ready and complete the launching lifecycle action; when it runs out the action is abandoned
   * and the instance terminated and replaced. Upstream aws-node-termination-handler documents
   * its launch hook with 300 s and ABANDON. Raise it if nodes take longer to join (a large image,
   * a slow bootstrap). @default Duration.seconds(300)
   */
  public Duration getLaunchLifecycleHookHeartbeatTimeout() {
    return launchLifecycleHookHeartbeatTimeout;
  }

  /** Builder with the defaults documented on each getter. */
  public static final class Builder {
    private String clusterName;
    private IVpc vpc;
    private SubnetSelection vpcSubnets;
    private IRole nodeRole;
    private ISecurityGroup securityGroup;
    private String nodeGroupName;
    private String baseInstanceType;
    private List<String> instanceTypes;
    private Boolean burstSupport = false;
    private Integer gpus;
    private String allowList;
    private String denyList;
    private Boolean currentGeneration;
    private int maxInstanceTypes = 20;
    private int minCapacity = 0;
    private int maxCapacity = 10;
    private int onDemandBaseCapacity = 0;
    private int onDemandPercentageAboveBaseCapacity = 0;
    private SpotAllocationStrategy spotAllocationStrategy = SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED;
    private boolean capacityRebalance = true;
    private ZonePlacement zonePlacement = ZonePlacement.ONE_GROUP_ACROSS_ZONES;
    private Map<String, String> labels = Map.of();
    private List<NodeTaint> taints = List.of();
    private IMachineImage machineImage;
    private UserData userData;
    private NodeBootstrap bootstrap;
    private int rootVolumeSizeGib = 50;
    private String rootDeviceName = "/dev/sda1";
    private int maxPods = 110;
    private int instanceMetadataHopLimit = 1;
    private Duration lifecycleHookHeartbeatTimeout = Duration.seconds(300);
    private Duration launchLifecycleHookHeartbeatTimeout = Duration.seconds(300);

    private Builder() {
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder vpc(IVpc vpc) {
      this.vpc = vpc;
      return this;
    }

    public Builder vpcSubnets(SubnetSelection vpcSubnets) {
      this.vpcSubnets = vpcSubnets;
      return this;
    }

    public Builder nodeRole(IRole nodeRole) {
      this.nodeRole = nodeRole;
      return this;
    }

    public Builder securityGroup(ISecurityGroup securityGroup) {
      this.securityGroup = securityGroup;
      return this;
    }

    public Builder nodeGroupName(String nodeGroupName) {
      this.nodeGroupName = nodeGroupName;
      return this;
    }

    public Builder baseInstanceType(String baseInstanceType) {
      this.baseInstanceType = baseInstanceType;
      return this;
    }

    public Builder instanceTypes(List<String> instanceTypes) {
      this.instanceTypes = instanceTypes;
      return this;
    }

    public Builder burstSupport(Boolean burstSupport) {
      this.burstSupport = burstSupport;
      return this;
    }

    public Builder gpus(Integer gpus) {
      this.gpus = gpus;
      return this;
    }

    public Builder allowList(String allowList) {
      this.allowList = allowList;
      return this;
    }

    public Builder denyList(String denyList) {
      this.denyList = denyList;
      return this;
    }

    public Builder currentGeneration(Boolean currentGeneration) {
      this.currentGeneration = currentGeneration;
      return this;
    }

    public Builder maxInstanceTypes(int maxInstanceTypes) {
      this.maxInstanceTypes = maxInstanceTypes;
      return this;
    }

    public Builder minCapacity(int minCapacity) {
      this.minCapacity = minCapacity;
      return this;
    }

    public Builder maxCapacity(int maxCapacity) {
      this.maxCapacity = maxCapacity;
      return this;
    }

    public Builder onDemandBaseCapacity(int onDemandBaseCapacity) {
      this.onDemandBaseCapacity = onDemandBaseCapacity;
      return this;
    }

    public Builder onDemandPercentageAboveBaseCapacity(int percentage) {
      this.onDemandPercentageAboveBaseCapacity = percentage;
      return this;
    }

    public Builder spotAllocationStrategy(SpotAllocationStrategy spotAllocationStrategy) {
      this.spotAllocationStrategy = Objects.requireNonNull(spotAllocationStrategy, "spotAllocationStrategy");
      return this;
    }

    public Builder capacityRebalance(boolean capacityRebalance) {
      this.capacityRebalance = capacityRebalance;
      return this;
    }

    public Builder zonePlacement(ZonePlacement zonePlacement) {
      this.zonePlacement = Objects.requireNonNull(zonePlacement, "zonePlacement");
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = Objects.requireNonNull(labels, "labels");
      return this;
    }

    public Builder taints(List<NodeTaint> taints) {
      this.taints = Objects.requireNonNull(taints, "taints");
      return this;
    }

    public Builder machineImage(IMachineImage machineImage) {
      this.machineImage = machineImage;
      return this;
    }

    public Builder userData(UserData userData) {
      this.userData = userData;
      return this;
    }

    public Builder bootstrap(NodeBootstrap bootstrap) {
      this.bootstrap = bootstrap;
      return this;
    }

    public Builder rootVolumeSizeGib(int rootVolumeSizeGib) {
      this.rootVolumeSizeGib = rootVolumeSizeGib;
      return this;
    }

    public Builder rootDeviceName(String rootDeviceName) {
      this.rootDeviceName = Objects.requireNonNull(rootDeviceName, "rootDeviceName");
      return this;
    }

    public Builder maxPods(int maxPods) {
      this.maxPods = maxPods;
      return this;
    }

    public Builder instanceMetadataHopLimit(int hopLimit) {
      this.instanceMetadataHopLimit = hopLimit;
      return this;
    }

    public Builder lifecycleHookHeartbeatTimeout(Duration timeout) {
      this.lifecycleHookHeartbeatTimeout = Objects.requireNonNull(timeout, "lifecycleHookHeartbeatTimeout");
      return this;
    }

    public Builder launchLifecycleHookHeartbeatTimeout(Duration timeout) {
      this.launchLifecycleHookHeartbeatTimeout = Objects.requireNonNull(timeout, "launchLifecycleHookHeartbeatTimeout");
      return this;
    }

    public DiversifiedSpotNodeGroupProps build() {
      return new DiversifiedSpotNodeGroupProps(this);
    }
  }
}
