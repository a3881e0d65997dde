package io.spotkube.constructs.eks;

import io.spotkube.constructs.AutoscalerPermissions;
import io.spotkube.constructs.ClusterVpc;
import io.spotkube.constructs.DiversifiedSpotNodeGroup;
import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.INodeGroup;
import io.spotkube.constructs.OnDemandNodeGroup;
import io.spotkube.constructs.OnDemandNodeGroupProps;
import io.spotkube.constructs.TerminationHandlerQueue;
import io.spotkube.constructs.TerminationHandlerQueueProps;
import io.spotkube.constructs.manifests.RuntimeManifests;
import io.spotkube.constructs.manifests.RuntimeManifestsProps;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.eks_v2.AccessEntry;
import software.amazon.awscdk.services.eks_v2.AccessEntryType;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.eks_v2.DefaultCapacityType;
import software.amazon.awscdk.services.eks_v2.ICluster;
import software.amazon.awscdk.services.eks_v2.KubectlProviderOptions;
import software.amazon.awscdk.services.eks_v2.KubernetesManifest;
import software.amazon.awscdk.services.eks_v2.Nodegroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The same Spot node groups, interruption queue and runtime as {@code SpotKubernetesCluster}, on
 * an Amazon EKS control plane: a native {@code AWS::EKS::Cluster} from aws-cdk-lib's stable
 * {@code eks_v2} (or a cluster you already have, {@link SpotEksClusterProps#getExistingCluster()}).
 *
 * <p>Self-managed groups ({@link #addSpotNodeGroup}, {@link #addOnDemandNodeGroup}) are the very
 * {@link DiversifiedSpotNodeGroup} and {@link OnDemandNodeGroup} constructs, MixedInstancesPolicy
 * included, with {@link EksNodeBootstrap} as their bootstrap (AL2023 EKS AMI, {@code nodeadm}
 * NodeConfig), in the cluster security group, their roles admitted by EC2_LINUX access entries.
 * {@link #addManagedSpotNodeGroup} adds EKS managed Spot groups. The runtime's manifests are
 * applied with {@code addCdk8sChart} through the kubectl provider; its AWS credentials come from
 * EKS Pod Identity (or IRSA), never from the node roles.
 *
 * <pre>{@code
 * SpotEksCluster cluster = new SpotEksCluster(this, "Cluster", SpotEksClusterProps.builder()
 *     .clusterName("spot-eks-cluster").version(KubernetesVersion.V1_33)
 *     .endpointAccess(EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom("203.0.113.0/24"))
 *     .runtimeImage(RuntimeImage.fromDockerfile("runtime"))
 *     .kubectlLayer(new KubectlV33Layer(this, "Kubectl"))
 *     .build());
 * cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().minCapacity(2).maxCapacity(2).build());
 * cluster.addSpotNodeGroup("spot-2vcpus-8gb", DiversifiedSpotNodeGroupProps.builder()
 *     .baseInstanceType("m5.large").burstSupport(false).gpus(0).minCapacity(0).maxCapacity(5).build());
 * }</pre>
 */
public class SpotEksCluster extends Construct {

  private final String clusterName;
  private final ICluster cluster;
  private final IVpc vpc;
  private final ISecurityGroup clusterSecurityGroup;
  private final Role onDemandNodeRole;
  private final Role spotNodeRole;
  private final EksNodeBootstrap bootstrap;
  private final TerminationHandlerQueue terminationQueue;
  private final EksRuntimeIdentity runtimeIdentity;
  private final KubernetesManifest runtimeManifest;
  private final List<INodeGroup> nodeGroups = new ArrayList<>();

  public SpotEksCluster(Construct scope, String id, SpotEksClusterProps props) {
    super(scope, id);
    SpotEksClusterValidation.validate(props, getNode().getPath());
    this.clusterName = props.getClusterName();
    boolean existing = props.getExistingCluster() != null;
    this.cluster = existing ? props.getExistingCluster() : newCluster(props);
    this.vpc = cluster.getVpc();
    this.clusterSecurityGroup = cluster.getClusterSecurityGroup();

    this.onDemandNodeRole = nodeRole("OnDemandNodeRole", "on-demand nodes");
    this.spotNodeRole = nodeRole("SpotNodeRole", "Spot nodes");
    this.bootstrap = new EksNodeBootstrap(clusterName, cluster.getClusterEndpoint(),
        cluster.getClusterCertificateAuthorityData(), props.getServiceIpv4Cidr(), props.getVersion().getVersion());

    this.terminationQueue = new TerminationHandlerQueue(this, "TerminationHandler",
        TerminationHandlerQueueProps.builder().clusterName(clusterName).build());

    RuntimeManifestsProps manifestProps = props.toRuntimeManifestProps("SpotEksCluster", getNode().getPath())
        .clusterName(clusterName)
        .imageUri(props.getRuntimeImage().bind(this))
        .queueUrl(terminationQueue.getQueueUrl())
        .region(Aws.REGION)
        .build();
    boolean installAgent = props.getInstallPodIdentityAgent() != null ? props.getInstallPodIdentityAgent() : !existing;
    this.runtimeIdentity = new EksRuntimeIdentity(this, "RuntimeIdentity", cluster, props.getRuntimeIdentity(),
        installAgent, manifestProps.namespace(), RuntimeManifests.NAME);
    terminationQueue.grantConsume(runtimeIdentity.role());
    AutoscalerPermissions.grant(runtimeIdentity.role(), clusterName);
    AutoscalerPermissions.grantManagedNodeGroupReads(runtimeIdentity.role(), clusterName);
    this.runtimeManifest = RuntimeChart.apply(this, cluster, manifestProps, runtimeIdentity);
  }

  private Cluster newCluster(SpotEksClusterProps props) {
    IVpc clusterVpc = props.getVpc() != null ? props.getVpc() : ClusterVpc.create(this, availabilityZones(props));
    Key secretsKey = Key.Builder.create(this, "SecretsKey")
        .description("spotkube " + props.getClusterName() + ": envelope encryption of Kubernetes secrets")
        .enableKeyRotation(true)
        .build();
    Cluster eksCluster = Cluster.Builder.create(this, "Cluster")
        .clusterName(props.getClusterName())
        .version(props.getVersion())
        .vpc(clusterVpc)
        .vpcSubnets(List.of(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))
        .endpointAccess(props.getEndpointAccess())
        .clusterLogging(props.getClusterLogging())
        .serviceIpv4Cidr(props.getServiceIpv4Cidr())
        .secretsEncryptionKey(secretsKey)
        // No default capacity (eks_v2 would add Auto Mode): node groups come from the add* methods.
        .defaultCapacityType(DefaultCapacityType.NODEGROUP)
        .defaultCapacity(0)
        .kubectlProviderOptions(KubectlProviderOptions.builder().kubectlLayer(props.getKubectlLayer()).build())
        .build();
    EksNagSuppressions.clusterRole(eksCluster.getRole());
    EksNagSuppressions.clusterDependsOnTheVpc((software.amazon.awscdk.CfnResource) eksCluster.getNode().getDefaultChild());
    EksNagSuppressions.kubectlProvider(eksCluster.getNode().findChild("KubectlProvider"));
    return eksCluster;
  }

  private List<String> availabilityZones(SpotEksClusterProps props) {
    if (props.getAvailabilityZones() != null) {
      return props.getAvailabilityZones();
    }
    String region = Stack.of(this).getRegion();
    if (Token.isUnresolved(region)) {
      throw new IllegalArgumentException("SpotEksCluster " + getNode().getPath() + ": availabilityZones is required when "
          + "the stack has no region: name the zones (e.g. eu-west-1a, eu-west-1b, eu-west-1c) or give the stack a region");
    }
    return List.of(region + "a", region + "b", region + "c");
  }

  /**
   * A node role with the worker policies EKS documents (AmazonEKSWorkerNodePolicy,
   * AmazonEC2ContainerRegistryPullOnly, AmazonEKS_CNI_Policy) and an EC2_LINUX access entry,
   * which makes its instances nodes of the cluster (group {@code system:nodes}).
   */
  private Role nodeRole(String id, String who) {
    Role role = Role.Builder.create(this, id)
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description("spotkube " + clusterName + ": " + who + " (EKS)")
        .managedPolicies(List.of(
            ManagedPolicy.fromAwsManagedPolicyName("AmazonEKSWorkerNodePolicy"),
            ManagedPolicy.fromAwsManagedPolicyName("AmazonEC2ContainerRegistryPullOnly"),
            ManagedPolicy.fromAwsManagedPolicyName("AmazonEKS_CNI_Policy")))
        .build();
    EksNagSuppressions.nodeRole(role);
    AccessEntry.Builder.create(this, id + "AccessEntry")
        .cluster(cluster)
        .principal(role.getRoleArn())
        .accessEntryType(AccessEntryType.EC2_LINUX)
        .accessPolicies(List.of())
        .build();
    return role;
  }

  /**
   * Adds on-demand self-managed nodes (labelled {@code kops.k8s.io/lifecycle=OnDemand}), where the
   * runtime runs. The cluster's name, VPC, role, security group and bootstrap replace those props;
   * IMDS hop limit 1 (the runtime's credentials come from its service account).
   */
  public OnDemandNodeGroup addOnDemandNodeGroup(String id, OnDemandNodeGroupProps groupProps) {
    return register(new OnDemandNodeGroup(this, id,
        groupProps.withGroupProps(clusterValues(groupProps.toGroupProps(), onDemandNodeRole))));
  }

  /**
   * Adds a diversified Spot node group: Auto Scaling groups with a MixedInstancesPolicy, discovered
   * by the autoscaler and drained by the termination handler, exactly as on the kubeadm cluster.
   */
  public DiversifiedSpotNodeGroup addSpotNodeGroup(String id, DiversifiedSpotNodeGroupProps groupProps) {
    return register(new DiversifiedSpotNodeGroup(this, id, clusterValues(groupProps, spotNodeRole)));
  }

  /**
   * Adds an EKS managed node group of Spot capacity: instance types from the same selector props,
   * the AL2023 AMI, IMDS hop limit 1. Its role is its own (EKS admits it); EKS tags it for the
   * autoscaler and handles its rebalance recommendations.
   */
  public Nodegroup addManagedSpotNodeGroup(String id, DiversifiedSpotNodeGroupProps groupProps) {
    Nodegroup group = ManagedSpotNodeGroup.create(this, id, cluster, groupProps.toBuilder().vpc(vpc).clusterName(clusterName).build());
    EksNagSuppressions.nodeRole(group.getRole());
    return group;
  }

  private DiversifiedSpotNodeGroupProps clusterValues(DiversifiedSpotNodeGroupProps groupProps, IRole role) {
    DiversifiedSpotNodeGroupProps.Builder builder = groupProps.toBuilder()
        .clusterName(clusterName)
        .vpc(vpc)
        .nodeRole(role)
        .securityGroup(clusterSecurityGroup)
        .bootstrap(bootstrap)
        .instanceMetadataHopLimit(1);
    if (groupProps.getMachineImage() == null) {
      builder.rootDeviceName(ManagedSpotNodeGroup.ROOT_DEVICE);
    }
    return builder.build();
  }

  private <T extends INodeGroup> T register(T group) {
    nodeGroups.add(group);
    terminationQueue.addNodeGroup(group);
    return group;
  }

  public String getClusterName() {
    return clusterName;
  }

  /** The EKS cluster (new, or the existing one given). */
  public ICluster getCluster() {
    return cluster;
  }

  public IVpc getVpc() {
    return vpc;
  }

  /** The security group EKS created for the cluster; self-managed nodes are in it. */
  public ISecurityGroup getClusterSecurityGroup() {
    return clusterSecurityGroup;
  }

  public Role getOnDemandNodeRole() {
    return onDemandNodeRole;
  }

  public Role getSpotNodeRole() {
    return spotNodeRole;
  }

  /** The runtime's role (Pod Identity or IRSA): its autoscaling and queue permissions are here. */
  public Role getRuntimeRole() {
    return runtimeIdentity.role();
  }

  /** The runtime's manifests, applied by the kubectl provider. */
  public KubernetesManifest getRuntimeManifest() {
    return runtimeManifest;
  }

  public TerminationHandlerQueue getTerminationQueue() {
    return terminationQueue;
  }

  /** How self-managed nodes join: the NodeConfig writer and the AMI. */
  public EksNodeBootstrap getNodeBootstrap() {
    return bootstrap;
  }

  public List<INodeGroup> getNodeGroups() {
    return List.copyOf(nodeGroups);
  }
}
