package io.spotkube.constructs;

import io.spotkube.constructs.bootstrap.KubernetesVersion;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.IRole;

/**
 * Props of {@link SpotKubernetesCluster}. Immutable; build with {@link #builder()}. The runtime's
 * options ({@link RuntimeOptions}) default to cluster-autoscaler's own defaults.
 */
public final class SpotKubernetesClusterProps extends RuntimeOptions {

  private final String clusterName;
  private final KubernetesVersion kubernetesVersion;
  private final IVpc vpc;
  private final List<String> availabilityZones;
  private final String controlPlaneInstanceType;
  private final int controlPlaneCount;
  private final RuntimeImage runtimeImage;
  private final List<IRole> adminRoles;
  private final boolean ebsCsiDriver;
  private final String cniManifestUrl;
  private final String cniManifestSha256;

  private SpotKubernetesClusterProps(Builder b) {
    super(b);
    this.clusterName = b.clusterName;
    this.kubernetesVersion = b.kubernetesVersion;
    this.vpc = b.vpc;
    this.availabilityZones = b.availabilityZones == null ? null : List.copyOf(b.availabilityZones);
    this.controlPlaneInstanceType = b.controlPlaneInstanceType;
    this.controlPlaneCount = b.controlPlaneCount;
    this.runtimeImage = b.runtimeImage;
    this.adminRoles = List.copyOf(b.adminRoles);
    this.ebsCsiDriver = b.ebsCsiDriver;
    this.cniManifestUrl = b.cniManifestUrl;
    this.cniManifestSha256 = b.cniManifestSha256;
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

  /**
   * Roles that may read the cluster-admin kubeconfig and forward a port to the API through Session
   * Manager: {@link SpotKubernetesCluster#grantClusterAdmin} for each. @default - none
   */
  public List<IRole> getAdminRoles() {
    return adminRoles;
  }

  /**
   * Whether the cluster runs the Amazon EBS CSI driver (PersistentVolumes on EBS) and has the
   * default StorageClass {@code gp3}, encrypted, as kOps installs it by default; the control-plane
   * role then holds the driver's tag-scoped EC2 permissions (docs/security.md). @default true
   */
  public boolean isEbsCsiDriver() {
    return ebsCsiDriver;
  }

  /**
   * The CNI manifest the first control plane applies (an https URL).
   * @default - Calico in VXLAN mode, pinned by release ({@code BootstrapScript.DEFAULT_CNI_MANIFEST_URL})
   */
  public String getCniManifestUrl() {
    return cniManifestUrl;
  }

  /**
   * The CNI manifest's SHA-256 as {@code sha256sum} prints it: the control plane refuses a
   * download that differs (a moved tag, a compromised mirror). Set it for production clusters.
   * @default - none: the manifest is applied unchecked, with a warning in the boot log
   */
  public String getCniManifestSha256() {
    return cniManifestSha256;
  }

  /** Builder with the defaults documented on each getter. */
  public static final class Builder extends RuntimeOptions.Builder<Builder> {
    private String clusterName;
    private KubernetesVersion kubernetesVersion = KubernetesVersion.latest();
    private IVpc vpc;
    private List<String> availabilityZones;
    private String controlPlaneInstanceType = "m5.large";
    private int controlPlaneCount = 3;
    private RuntimeImage runtimeImage;
    private List<IRole> adminRoles = List.of();
    private boolean ebsCsiDriver = true;
    private String cniManifestUrl;
    private String cniManifestSha256;

    private Builder() {
      // cluster-autoscaler's defaults: --expander=random, --skip-nodes-with-system-pods=true,
      // --skip-nodes-with-local-storage=true
      super("random", true, true);
    }

    @Override
    protected Builder self() {
      return this;
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

    public Builder adminRoles(List<IRole> adminRoles) {
      this.adminRoles = Objects.requireNonNull(adminRoles, "adminRoles");
      return this;
    }

    public Builder ebsCsiDriver(boolean ebsCsiDriver) {
      this.ebsCsiDriver = ebsCsiDriver;
      return this;
    }

    public Builder cniManifestUrl(String cniManifestUrl) {
      this.cniManifestUrl = cniManifestUrl;
      return this;
    }

    public Builder cniManifestSha256(String cniManifestSha256) {
      this.cniManifestSha256 = cniManifestSha256;
      return this;
    }

    public SpotKubernetesClusterProps build() {
      return new SpotKubernetesClusterProps(this);
    }
  }
}
