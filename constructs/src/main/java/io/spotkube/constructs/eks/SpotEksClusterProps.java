package io.spotkube.constructs.eks;

import io.spotkube.constructs.RuntimeImage;
import io.spotkube.constructs.RuntimeOptions;
import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.eks_v2.ClusterLoggingTypes;
import software.amazon.awscdk.services.eks_v2.EndpointAccess;
import software.amazon.awscdk.services.eks_v2.ICluster;
import software.amazon.awscdk.services.eks_v2.IdentityType;
import software.amazon.awscdk.services.eks_v2.KubernetesVersion;
import software.amazon.awscdk.services.lambda.ILayerVersion;

/**
 * Props of {@link SpotEksCluster}. Immutable; build with {@link #builder()}. The runtime's
 * defaults are the EKS Cluster Autoscaler guide's: {@code --expander=least-waste},
 * {@code --balance-similar-node-groups}, {@code --skip-nodes-with-system-pods=false},
 * {@code --skip-nodes-with-local-storage=false}.
 */
public final class SpotEksClusterProps extends RuntimeOptions {

  /** Every control-plane log type: what cdk-nag's AwsSolutions-EKS2 asks for. */
  public static final List<ClusterLoggingTypes> ALL_CONTROL_PLANE_LOGS = List.of(ClusterLoggingTypes.API,
      ClusterLoggingTypes.AUDIT, ClusterLoggingTypes.AUTHENTICATOR, ClusterLoggingTypes.CONTROLLER_MANAGER,
      ClusterLoggingTypes.SCHEDULER);

  private final String clusterName;
  private final KubernetesVersion version;
  private final ICluster existingCluster;
  private final IVpc vpc;
  private final List<String> availabilityZones;
  private final EndpointAccess endpointAccess;
  private final List<ClusterLoggingTypes> clusterLogging;
  private final String serviceIpv4Cidr;
  private final RuntimeImage runtimeImage;
  private final ILayerVersion kubectlLayer;
  private final IdentityType runtimeIdentity;
  private final Boolean installPodIdentityAgent;

  private SpotEksClusterProps(Builder b) {
    super(b);
    this.clusterName = b.clusterName;
    this.version = b.version;
    this.existingCluster = b.existingCluster;
    this.vpc = b.vpc;
    this.availabilityZones = b.availabilityZones == null ? null : List.copyOf(b.availabilityZones);
    this.endpointAccess = b.endpointAccess;
    this.clusterLogging = List.copyOf(b.clusterLogging);
    this.serviceIpv4Cidr = b.serviceIpv4Cidr;
    this.runtimeImage = b.runtimeImage;
    this.kubectlLayer = b.kubectlLayer;
    this.runtimeIdentity = b.runtimeIdentity;
    this.installPodIdentityAgent = b.installPodIdentityAgent;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The EKS cluster's name (a new cluster gets it; for an existing one, its name). Required. */
  public String getClusterName() {
    return clusterName;
  }

  /** The Kubernetes version: the control plane's, and which AL2023 EKS AMI nodes boot. Required. */
  public KubernetesVersion getVersion() {
    return version;
  }

  /**
   * An EKS cluster the user already has ({@code Cluster.fromClusterAttributes} with its endpoint,
   * certificate authority data, cluster security group id, VPC and a kubectl provider or
   * {@code kubectlProviderOptions}): only the node groups, the queue and the runtime are added.
   * @default - a new cluster
   */
  public ICluster getExistingCluster() {
    return existingCluster;
  }

  /** @default - a new VPC over {@link #getAvailabilityZones()} (kOps' private topology) */
  public IVpc getVpc() {
    return vpc;
  }

  /** Zones of the VPC the cluster creates. @default - the stack region's a, b and c */
  public List<String> getAvailabilityZones() {
    return availabilityZones;
  }

  /**
   * Who reaches the API server: {@code EndpointAccess.PRIVATE}, {@code PUBLIC_AND_PRIVATE} or
   * either restricted with {@code onlyFrom(cidr...)}. Required for a new cluster: there is no
   * default, so it is a choice and not an accident.
   */
  public EndpointAccess getEndpointAccess() {
    return endpointAccess;
  }

  /** Control-plane log types sent to CloudWatch Logs. @default ALL_CONTROL_PLANE_LOGS */
  public List<ClusterLoggingTypes> getClusterLogging() {
    return clusterLogging;
  }

  /**
   * The Kubernetes service CIDR: set on a new cluster and written into every node's NodeConfig
   * ({@code spec.cluster.cidr}); for an existing cluster, the one it has. @default "172.20.0.0/16"
   */
  public String getServiceIpv4Cidr() {
    return serviceIpv4Cidr;
  }

  /** The spotkube runtime's image. Required. */
  public RuntimeImage getRuntimeImage() {
    return runtimeImage;
  }

  /**
   * The Lambda layer with {@code kubectl} for the cluster's kubectl provider, which applies the
   * runtime's manifests ({@code addCdk8sChart}): e.g. {@code new KubectlV33Layer(this, "Kubectl")}
   * from Maven {@code software.amazon.awscdk:cdk-lambda-layer-kubectl-v33}, or
   * {@code LayerVersion.fromLayerVersionArn}. Required for a new cluster; an existing cluster
   * brings its own provider.
   */
  public ILayerVersion getKubectlLayer() {
    return kubectlLayer;
  }

  /**
   * How the runtime's pods get AWS credentials: {@code POD_IDENTITY} (an association and a role
   * trusting {@code pods.eks.amazonaws.com}) or {@code IRSA} (a role trusting the cluster's OIDC
   * provider, the service account annotated). Never the node roles. @default IdentityType.POD_IDENTITY
   */
  public IdentityType getRuntimeIdentity() {
    return runtimeIdentity;
  }

  /**
   * Install the {@code eks-pod-identity-agent} add-on (Pod Identity only).
   * @default - true for a new cluster, false for an existing one (it usually has the agent)
   */
  public Boolean getInstallPodIdentityAgent() {
    return installPodIdentityAgent;
  }

  /** Builder with the defaults documented on each getter. */
  public static final class Builder extends RuntimeOptions.Builder<Builder> {
    private String clusterName;
    private KubernetesVersion version;
    private ICluster existingCluster;
    private IVpc vpc;
    private List<String> availabilityZones;
    private EndpointAccess endpointAccess;
    private List<ClusterLoggingTypes> clusterLogging = ALL_CONTROL_PLANE_LOGS;
    private String serviceIpv4Cidr = "172.20.0.0/16";
    private RuntimeImage runtimeImage;
    private ILayerVersion kubectlLayer;
    private IdentityType runtimeIdentity = IdentityType.POD_IDENTITY;
    private Boolean installPodIdentityAgent;

    private Builder() {
      // the EKS guide's: --expander=least-waste, --skip-nodes-with-system-pods=false,
      // --skip-nodes-with-local-storage=false
      super("least-waste", false, false);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder version(KubernetesVersion version) {
      this.version = version;
      return this;
    }

    public Builder existingCluster(ICluster existingCluster) {
      this.existingCluster = existingCluster;
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

    public Builder endpointAccess(EndpointAccess endpointAccess) {
      this.endpointAccess = endpointAccess;
      return this;
    }

    public Builder clusterLogging(List<ClusterLoggingTypes> clusterLogging) {
      this.clusterLogging = clusterLogging;
      return this;
    }

    public Builder serviceIpv4Cidr(String serviceIpv4Cidr) {
      this.serviceIpv4Cidr = serviceIpv4Cidr;
      return this;
    }

    public Builder runtimeImage(RuntimeImage runtimeImage) {
      this.runtimeImage = runtimeImage;
      return this;
    }

    public Builder kubectlLayer(ILayerVersion kubectlLayer) {
      this.kubectlLayer = kubectlLayer;
      return this;
    }

    public Builder runtimeIdentity(IdentityType runtimeIdentity) {
      this.runtimeIdentity = runtimeIdentity;
      return this;
    }

    public Builder installPodIdentityAgent(boolean installPodIdentityAgent) {
      this.installPodIdentityAgent = installPodIdentityAgent;
      return this;
    }

    public SpotEksClusterProps build() {
      return new SpotEksClusterProps(this);
    }
  }
}
