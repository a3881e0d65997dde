package io.spotkube.constructs;

import io.spotkube.constructs.bootstrap.KubernetesVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.IRole;

/** Props of {@link SpotKubernetesCluster}. Immutable; build with {@link #builder()}. */
public final class SpotKubernetesClusterProps {

  private final String clusterName;
  private final KubernetesVersion kubernetesVersion;
  private final IVpc vpc;
  private final List<String> availabilityZones;
  private final String controlPlaneInstanceType;
  private final int controlPlaneCount;
  private final RuntimeImage runtimeImage;
  private final String expander;
  private final Map<Integer, List<String>> expanderPriorities;
  private final boolean balanceSimilarNodeGroups;
  private final boolean scaleDownEnabled;
  private final Duration scaleDownUnneededTime;
  private final Duration scaleDownDelayAfterAdd;
  private final List<IRole> adminRoles;
  // the cluster-autoscaler guide's knobs (issue 14): scale-down blockers, loop timing, runtime size
  private final boolean skipNodesWithSystemPods;
  private final boolean skipNodesWithLocalStorage;
  private final Duration scanInterval;
  private final Duration maxNodeProvisionTime;
  private final int runtimeCpuRequestMillis;
  private final int runtimeCpuLimitMillis;
  private final int runtimeMemoryMib;
  private final boolean ebsCsiDriver;

  private SpotKubernetesClusterProps(Builder b) {
    this.clusterName = b.clusterName;
    this.kubernetesVersion = b.kubernetesVersion;
    this.vpc = b.vpc;
    this.availabilityZones = b.availabilityZones == null ? null : List.copyOf(b.availabilityZones);
    this.controlPlaneInstanceType = b.controlPlaneInstanceType;
    this.controlPlaneCount = b.controlPlaneCount;
    this.runtimeImage = b.runtimeImage;
    this.expander = b.expander;
    this.expanderPriorities = java.util.Collections.unmodifiableMap(new TreeMap<>(b.expanderPriorities));
    this.balanceSimilarNodeGroups = b.balanceSimilarNodeGroups;
    this.scaleDownEnabled = b.scaleDownEnabled;
    this.scaleDownUnneededTime = b.scaleDownUnneededTime;
    this.scaleDownDelayAfterAdd = b.scaleDownDelayAfterAdd;
    this.adminRoles = List.copyOf(b.adminRoles);
    this.skipNodesWithSystemPods = b.skipNodesWithSystemPods;
    this.skipNodesWithLocalStorage = b.skipNodesWithLocalStorage;
    this.scanInterval = b.scanInterval;
    this.maxNodeProvisionTime = b.maxNodeProvisionTime;
    this.runtimeCpuRequestMillis = b.runtimeCpuRequestMillis;
    this.runtimeCpuLimitMillis = b.runtimeCpuLimitMillis;
    this.runtimeMemoryMib = b.runtimeMemoryMib;
    this.ebsCsiDriver = b.ebsCsiDriver;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The cluster's name, a DNS label (kOps: {@code spot-kops-cluster.k8s.local}). Required. */
  public String getClusterName() {
    return clusterName;
  }

  /** @default KubernetesVersion.latest() (the newest minor the bootstrap pins) */
  public KubernetesVersion getKubernetesVersion() {
    return kubernetesVersion;
  }

  /** An existing VPC with private subnets (with egress) in each zone. @default - a new VPC */
  public IVpc getVpc() {
    return vpc;
  }

  /**
   * Zones of a new VPC, named so that synth needs no lookup.
   * @default - the stack region's zones a, b and c (the tutorial's first three)
   */
  public List<String> getAvailabilityZones() {
    return availabilityZones;
  }

  /** @default "m5.large" */
  public String getControlPlaneInstanceType() {
    return controlPlaneInstanceType;
  }

  /** Control-plane instances, one Auto Scaling group of one per zone (etcd needs an odd count). @default 3 */
  public int getControlPlaneCount() {
    return controlPlaneCount;
  }

  /** The runtime's image: {@link RuntimeImage#fromDockerfile} or {@link RuntimeImage#fromUri}. Required. */
  public RuntimeImage getRuntimeImage() {
    return runtimeImage;
  }

  /** The autoscaler's expander chain, e.g. {@code "priority,least-waste"}. @default "random" */
  public String getExpander() {
    return expander;
  }

  /** Regexes per priority for the priority expander (its ConfigMap). @default - none */
  public Map<Integer, List<String>> getExpanderPriorities() {
    return expanderPriorities;
  }

  /** @default true */
  public boolean isBalanceSimilarNodeGroups() {
    return balanceSimilarNodeGroups;
  }

  /** @default true */
  public boolean isScaleDownEnabled() {
    return scaleDownEnabled;
  }

  /** @default Duration.minutes(10) (cluster-autoscaler's default) */
  public Duration getScaleDownUnneededTime() {
    return scaleDownUnneededTime;
  }

  /** @default Duration.minutes(10) (cluster-autoscaler's default) */
  public Duration getScaleDownDelayAfterAdd() {
    return scaleDownDelayAfterAdd;
  }

  /**
   * Roles that may read the cluster-admin kubeconfig and forward a port to the API through Session
   * Manager: {@link SpotKubernetesCluster#grantClusterAdmin} for each. @default - none
   */
  public List<IRole> getAdminRoles() {
    return adminRoles;
  }

  /**
   * Nodes running kube-system pods (other than DaemonSet and mirror pods) without a
   * PodDisruptionBudget are not scaled down ({@code --skip-nodes-with-system-pods}). @default true
   */
  public boolean isSkipNodesWithSystemPods() {
    return skipNodesWithSystemPods;
  }

  /** Nodes running pods with emptyDir or hostPath volumes are not scaled down. @default true */
  public boolean isSkipNodesWithLocalStorage() {
    return skipNodesWithLocalStorage;
  }

  /** Time between the autoscaler's loops ({@code --scan-interval}). @default Duration.seconds(10) */
  public Duration getScanInterval() {
    return scanInterval;
  }

  /**
   * How long a scale-up may wait for its nodes to register before the group is backed off
   * ({@code --max-node-provision-time}). @default Duration.minutes(15)
   */
  public Duration getMaxNodeProvisionTime() {
    return maxNodeProvisionTime;
  }

  /** The runtime container's CPU request, in millicores (the guide: more for big clusters). @default 100 */
  public int getRuntimeCpuRequestMillis() {
    return runtimeCpuRequestMillis;
  }

  /** The runtime container's CPU limit, in millicores; at least the request. @default 1000 */
  public int getRuntimeCpuLimitMillis() {
    return runtimeCpuLimitMillis;
  }

  /**
   * The runtime container's memory request and limit (one value: the JVM sizes its heap from the
   * limit, and a request below it could get the pod evicted under memory pressure). @default 512
   */
  public int getRuntimeMemoryMib() {
    return runtimeMemoryMib;
  }

  /**
   * Whether the cluster runs the Amazon EBS CSI driver (PersistentVolumes on EBS) and has the
   * default StorageClass {@code gp3}, encrypted, as kOps installs it by default; the control-plane
   * role then holds the driver's tag-scoped EC2 permissions (docs/security.md). @default true
   */
  public boolean isEbsCsiDriver() {
    return ebsCsiDriver;
  }

  /** Builder with the defaults documented on each getter. */
  public static final class Builder {
    private String clusterName;
    private KubernetesVersion kubernetesVersion = KubernetesVersion.latest();
    private IVpc vpc;
    private List<String> availabilityZones;
    private String controlPlaneInstanceType = "m5.large";
    private int controlPlaneCount = 3;
    private RuntimeImage runtimeImage;
    private String expander = "random";
    private Map<Integer, List<String>> expanderPriorities = Map.of();
    private boolean balanceSimilarNodeGroups = true;
    private boolean scaleDownEnabled = true;
    private Duration scaleDownUnneededTime = Duration.minutes(10);
    private Duration scaleDownDelayAfterAdd = Duration.minutes(10);
    private List<IRole> adminRoles = List.of();
    private boolean skipNodesWithSystemPods = true;
    private boolean skipNodesWithLocalStorage = true;
    private Duration scanInterval = Duration.seconds(10);
    private Duration maxNodeProvisionTime = Duration.minutes(15);
    private int runtimeCpuRequestMillis = 100;
    private int runtimeCpuLimitMillis = 1000;
    private int runtimeMemoryMib = 512;
    private boolean ebsCsiDriver = true;

    private Builder() {
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder kubernetesVersion(KubernetesVersion kubernetesVersion) {
      this.kubernetesVersion = Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
      return this;
    }

    public Builder vpc(IVpc vpc) {
      this.vpc = vpc;
      return this;
    }

    public Builder availabilityZones(List<String> availabilityZones) {
      this.availabilityZones = availabilityZones;
      return this;
    }

    public Builder controlPlaneInstanceType(String controlPlaneInstanceType) {
      this.controlPlaneInstanceType = Objects.requireNonNull(controlPlaneInstanceType, "controlPlaneInstanceType");
      return this;
    }

    public Builder controlPlaneCount(int controlPlaneCount) {
      this.controlPlaneCount = controlPlaneCount;
      return this;
    }

    public Builder runtimeImage(RuntimeImage runtimeImage) {
      this.runtimeImage = runtimeImage;
      return this;
    }

    public Builder expander(String expander) {
      this.expander = Objects.requireNonNull(expander, "expander");
      return this;
    }

    public Builder expanderPriorities(Map<Integer, List<String>> expanderPriorities) {
      this.expanderPriorities = Objects.requireNonNull(expanderPriorities, "expanderPriorities");
      return this;
    }

    public Builder balanceSimilarNodeGroups(boolean balanceSimilarNodeGroups) {
      this.balanceSimilarNodeGroups = balanceSimilarNodeGroups;
      return this;
    }

    public Builder scaleDownEnabled(boolean scaleDownEnabled) {
      this.scaleDownEnabled = scaleDownEnabled;
      return this;
    }

    public Builder scaleDownUnneededTime(Duration scaleDownUnneededTime) {
      this.scaleDownUnneededTime = Objects.requireNonNull(scaleDownUnneededTime, "scaleDownUnneededTime");
      return this;
    }

    public Builder scaleDownDelayAfterAdd(Duration scaleDownDelayAfterAdd) {
      this.scaleDownDelayAfterAdd = Objects.requireNonNull(scaleDownDelayAfterAdd, "scaleDownDelayAfterAdd");
      return this;
    }

    public Builder adminRoles(List<IRole> adminRoles) {
      this.adminRoles = Objects.requireNonNull(adminRoles, "adminRoles");
      return this;
    }

    public Builder skipNodesWithSystemPods(boolean skipNodesWithSystemPods) {
      this.skipNodesWithSystemPods = skipNodesWithSystemPods;
      return this;
    }

    public Builder skipNodesWithLocalStorage(boolean skipNodesWithLocalStorage) {
      this.skipNodesWithLocalStorage = skipNodesWithLocalStorage;
      return this;
    }

    public Builder scanInterval(Duration scanInterval) {
      this.scanInterval = Objects.requireNonNull(scanInterval, "scanInterval");
      return this;
    }

    public Builder maxNodeProvisionTime(Duration maxNodeProvisionTime) {
      this.maxNodeProvisionTime = Objects.requireNonNull(maxNodeProvisionTime, "maxNodeProvisionTime");
      return this;
    }

    public Builder runtimeCpuRequestMillis(int runtimeCpuRequestMillis) {
      this.runtimeCpuRequestMillis = runtimeCpuRequestMillis;
      return this;
    }

    public Builder runtimeCpuLimitMillis(int runtimeCpuLimitMillis) {
      this.runtimeCpuLimitMillis = runtimeCpuLimitMillis;
      return this;
    }

    public Builder runtimeMemoryMib(int runtimeMemoryMib) {
      this.runtimeMemoryMib = runtimeMemoryMib;
      return this;
    }

    public Builder ebsCsiDriver(boolean ebsCsiDriver) {
      this.ebsCsiDriver = ebsCsiDriver;
      return this;
    }

    public SpotKubernetesClusterProps build() {
      return new SpotKubernetesClusterProps(this);
    }
  }
}
