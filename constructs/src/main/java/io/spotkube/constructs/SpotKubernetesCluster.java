package io.spotkube.constructs;

import io.spotkube.constructs.bootstrap.BootstrapScript;
import io.spotkube.constructs.manifests.NvidiaDevicePluginManifests;
import io.spotkube.contract.AcceleratorLabel;
import io.spotkube.contract.AutoscalerDiscoveryTags;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.IResolveContext;
import software.amazon.awscdk.IStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The kOps Spot tutorial's cluster in one construct: a VPC over three zones (or yours), a highly
 * available kubeadm control plane (one Auto Scaling group of one instance per zone) behind an
 * internal Network Load Balancer on 6443, a versioned state-store bucket, least-privilege IAM, the
 * termination handler's queue and rules, and, applied as add-ons, the runtime (autoscaler + drainer),
 * aws-cloud-controller-manager and the Amazon EBS CSI driver. Worker groups come from {@link #addOnDemandNodeGroup} and {@link #addSpotNodeGroup}.
 *
 * <pre>{@code
 * SpotKubernetesCluster cluster = new SpotKubernetesCluster(this, "Cluster", SpotKubernetesClusterProps.builder()
 *     .clusterName("spot-kops-cluster")
 *     .runtimeImage(RuntimeImage.fromDockerfile("runtime"))
 *     .build());
 * cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().minCapacity(2).maxCapacity(2).build());
 * cluster.addSpotNodeGroup("spot-group-base-2vcpus-8gb", DiversifiedSpotNodeGroupProps.builder()
 *     .baseInstanceType("m5.large").burstSupport(false).denyList("^?[1-3].*\\..*").gpus(0)
 *     .minCapacity(1).maxCapacity(5).build());
 * }</pre>
 */
public class SpotKubernetesCluster extends Construct {

  private final String clusterName;
  private final SpotKubernetesClusterProps props;
  private final IVpc vpc;
  private final ClusterSecurityGroups securityGroups;
  private final StateStore stateStore;
  private final NetworkLoadBalancer apiLoadBalancer;
  private final String ssmParameterPrefix;
  private final Role controlPlaneRole;
  private final Role onDemandNodeRole;
  private final Role spotNodeRole;
  private final TerminationHandlerQueue terminationQueue;
  private final ControlPlane controlPlane;
  private final ClusterAdminAccess adminAccess;
  private final JoinMaterialKey joinMaterialKey;
  private final ControlPlaneScripts controlPlaneScripts;
  private final List<INodeGroup> nodeGroups = new ArrayList<>();
  /** The roles of the node groups added so far, in order: the node-credential server accepts these. */
  private final Set<Role> nodeGroupRoles = new LinkedHashSet<>();

  public SpotKubernetesCluster(Construct scope, String id, SpotKubernetesClusterProps props) {
    super(scope, id);
    PropValidation validation = new PropValidation("SpotKubernetesCluster", getNode().getPath());
    validate(props, validation);
    this.props = props;
    this.clusterName = props.getClusterName();

    this.vpc = props.getVpc() != null ? props.getVpc() : ClusterVpc.create(this, availabilityZones(props, validation));
    this.securityGroups = new ClusterSecurityGroups(this, "SecurityGroups", vpc, clusterName);
    this.stateStore = new StateStore(this, "StateStore");
    // Unique per incarnation (the bucket's generated name): the instances create the join
    // parameters, so they outlive a deleted stack and must not be found by the next cluster.
    this.ssmParameterPrefix = "/spotkube/" + clusterName + "/" + stateStore.getBucket().getBucketName();
    this.apiLoadBalancer = ApiEndpoint.create(this, vpc, securityGroups.apiLoadBalancer);

    this.controlPlaneRole = role("ControlPlaneRole", "control plane");
    this.onDemandNodeRole = role("OnDemandNodeRole", "on-demand nodes");
    this.spotNodeRole = role("SpotNodeRole", "Spot nodes");
    ClusterPermissions permissions = new ClusterPermissions(clusterName, ssmParameterPrefix);
    permissions.grantControlPlane(controlPlaneRole, stateStore.getBucket());
    permissions.grantJoin(onDemandNodeRole);
    permissions.grantJoin(spotNodeRole);
    this.adminAccess = new ClusterAdminAccess(this, "AdminAccess", clusterName, ssmParameterPrefix);
    adminAccess.allowPublishing(controlPlaneRole);
    adminAccess.allowSessions(controlPlaneRole);
    this.joinMaterialKey = new JoinMaterialKey(this, "JoinMaterial", clusterName, ssmParameterPrefix);
    joinMaterialKey.allowControlPlane(controlPlaneRole);
    joinMaterialKey.allowWorker(onDemandNodeRole, "OnDemandNodesReadTheCaCertHash");
    joinMaterialKey.allowWorker(spotNodeRole, "SpotNodesReadTheCaCertHash");
    this.controlPlaneScripts = new ControlPlaneScripts(this, "ControlPlaneScripts");
    controlPlaneScripts.grantRead(controlPlaneRole);

    this.terminationQueue = new TerminationHandlerQueue(this, "TerminationHandler",
        TerminationHandlerQueueProps.builder().clusterName(clusterName).build());
    // The runtime runs on the control plane in the host network (RuntimeManifests onControlPlane):
    // its permissions are on that role only, and no worker role can scale, terminate or drain.
    terminationQueue.grantConsume(controlPlaneRole);
    grantAutoscaling(controlPlaneRole);

    RuntimeAddon addon = new RuntimeAddon(this, "RuntimeAddon", props, terminationQueue.getQueueUrl(), ssmParameterPrefix,
        nodeRoleNames());
    // The control plane's add-on timer fetches the ECR token behind the runtime's pull secret
    // (addons.sh registry): the pulls act as the control-plane role, so it holds the pull rights.
    props.getRuntimeImage().grantPull(controlPlaneRole);
    addon.grantRead(controlPlaneRole);
    // Initialises nodes (zone, instance type, addresses) and deletes those of terminated instances.
    new CloudControllerManagerAddon(this, "CloudControllerManagerAddon", clusterName, ssmParameterPrefix).grantRead(controlPlaneRole);
    CloudControllerManagerPermissions.grant(controlPlaneRole, clusterName, vpc);
    if (props.isEbsCsiDriver()) {
      // PersistentVolumes on EBS, as kOps installs by default; its controller runs on the control plane (host network).
      EbsCsiDriverAddon ebs = new EbsCsiDriverAddon(this, "EbsCsiDriverAddon", clusterName,
          Math.min(2, props.getControlPlaneCount()), ssmParameterPrefix);
      ebs.grantRead(controlPlaneRole);
      EbsCsiDriverPermissions.grant(ebs, controlPlaneRole, clusterName);
    }

    this.controlPlane = new ControlPlane(this, "ControlPlane", new ControlPlane.Spec(
        clusterName, vpc, props.getControlPlaneInstanceType(), props.getControlPlaneCount(), controlPlaneRole,
        securityGroups.controlPlane, bootstrap(BootstrapScript.Role.CONTROL_PLANE)));
    controlPlane.attachTo(apiLoadBalancer);
    adminAccess.tagControlPlane(controlPlane.groups());
    props.getAdminRoles().forEach(this::grantClusterAdmin);
  }

  /**
   * The names of the roles of every node group, comma-separated, as the runtime's node-credential
   * server accepts them: resolved at synth, so groups added after the constructor count. Empty
   * until a group is added (the server then accepts no node).
   */
  private String nodeRoleNames() {
    return Lazy.uncachedString(new IStringProducer() {
      @Override
      public String produce(IResolveContext context) {
        return nodeGroupRoles.stream().map(Role::getRoleName).collect(Collectors.joining(","));
      }
    });
  }

  private static void validate(SpotKubernetesClusterProps props, PropValidation validation) {
    validation.requirePresent("clusterName", props.getClusterName());
    if (!Token.isUnresolved(props.getClusterName())
        && !props.getClusterName().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*")) {
      throw validation.error("clusterName", "(" + props.getClusterName() + ") must be a DNS name: lower-case letters, digits, '-' and '.'");
    }
    validation.requirePresent("runtimeImage", props.getRuntimeImage());
    validation.requireRange("controlPlaneCount", props.getControlPlaneCount(), 1, 7);
    if (props.getControlPlaneCount() % 2 == 0) {
      throw validation.error("controlPlaneCount", "(" + props.getControlPlaneCount()
          + ") must be odd: etcd keeps quorum with a majority of members");
    }
    if (props.getVpc() != null && props.getAvailabilityZones() != null) {
      throw validation.error("availabilityZones", "applies to the VPC the cluster creates; remove it or the vpc prop");
    }
    props.validate(validation);
    if (props.getCniManifestUrl() != null && (!props.getCniManifestUrl().startsWith("https://")
        || props.getCniManifestUrl().matches(".*[\\s'\"$`\\\\].*"))) {
      throw validation.error("cniManifestUrl", "(" + props.getCniManifestUrl() + ") must be a plain https:// URL");
    }
    if (props.getCniManifestSha256() != null && !props.getCniManifestSha256().matches("[0-9a-f]{64}")) {
      throw validation.error("cniManifestSha256", "(" + props.getCniManifestSha256()
          + ") must be a SHA-256 in 64 lower-case hex digits, as sha256sum prints it");
    }
  }

  private List<String> availabilityZones(SpotKubernetesClusterProps props, PropValidation validation) {
    if (props.getAvailabilityZones() != null) {
      if (props.getAvailabilityZones().size() < props.getControlPlaneCount()) {
        throw validation.error("availabilityZones", "has " + props.getAvailabilityZones().size()
            + " zones; the control plane needs one per instance (" + props.getControlPlaneCount() + ")");
      }
      return props.getAvailabilityZones();
    }
    String region = Stack.of(this).getRegion();
    if (Token.isUnresolved(region)) {
      throw validation.error("availabilityZones", "is required when the stack has no region: name the zones "
          + "(e.g. eu-west-1a, eu-west-1b, eu-west-1c) or give the stack an env with a region");
    }
    return List.of(region + "a", region + "b", region + "c");
  }

  private Role role(String id, String who) {
    return Role.Builder.create(this, id)
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description("spotkube " + clusterName + ": " + who)
        .build();
  }

  /** The user data of a cluster instance: the bootstrap of {@code docs/bootstrap.md}. */
  private UserData bootstrap(BootstrapScript.Role role) {
    BootstrapScript.Builder builder = BootstrapScript.builder()
        .clusterName(clusterName)
        .kubernetesVersion(props.getKubernetesVersion())
        .role(role)
        .apiEndpoint(apiLoadBalancer.getLoadBalancerDnsName())
        .ssmParameterPrefix(ssmParameterPrefix)
        .stateBucketName(stateStore.getBucket().getBucketName())
        .region(Aws.REGION)
        .cniManifestUrl(props.getCniManifestUrl())
        .cniManifestSha256(props.getCniManifestSha256())
        .adminKubeconfig(role == BootstrapScript.Role.CONTROL_PLANE ? adminAccess.parameterName() : null,
            role == BootstrapScript.Role.CONTROL_PLANE ? adminAccess.key().getKeyArn() : null);
    if (role == BootstrapScript.Role.CONTROL_PLANE) {
      builder.joinMaterialKey(joinMaterialKey.key().getKeyArn())
          .maintenanceScripts(controlPlaneScripts.addonsUrl(), controlPlaneScripts.etcdBackupUrl());
    }
    BootstrapScript script = builder.build();
    return UserData.custom(script.render());
  }

  /**
   * Adds on-demand worker nodes (labelled {@code kops.k8s.io/lifecycle=OnDemand}). The cluster's name, VPC, role, security group and bootstrap replace those props.
   */
  public OnDemandNodeGroup addOnDemandNodeGroup(String id, OnDemandNodeGroupProps groupProps) {
    OnDemandNodeGroup group = new OnDemandNodeGroup(this, id,
        groupProps.withGroupProps(clusterValues(groupProps.toGroupProps(), onDemandNodeRole)));
    return register(group);
  }

  /**
   * Adds a diversified Spot node group (labelled {@code kops.k8s.io/lifecycle=Spot}), discovered
   * by the autoscaler and drained by the termination handler. The cluster's name, VPC, role,
   * security group and bootstrap replace those props.
   */
  public DiversifiedSpotNodeGroup addSpotNodeGroup(String id, DiversifiedSpotNodeGroupProps groupProps) {
    return register(new DiversifiedSpotNodeGroup(this, id, clusterValues(groupProps, spotNodeRole)));
  }

  /**
   * Keeps spare capacity warm (overprovisioning, as cluster-autoscaler's FAQ describes it): a
   * PriorityClass of {@code priority} (default -1) and {@code replicas} pause pods of
   * {@code cpu}/{@code memory}, per zone when zones are given, shipped as an add-on. Real pods
   * preempt them at once; the preempted pause pods go Pending and the runtime adds a node for them.
   */
  public void addHeadroom(String id, HeadroomProps headroomProps) {
    new Headroom(this, id, headroomProps, ssmParameterPrefix).grantRead(controlPlaneRole);
  }

  private DiversifiedSpotNodeGroupProps clusterValues(DiversifiedSpotNodeGroupProps groupProps, Role role) {
    if (groupProps.getInstanceMetadataHopLimit() > 1) {
      Annotations.of(this).addWarningV2("spotkube:instanceMetadataHopLimit", "instanceMetadataHopLimit ("
          + groupProps.getInstanceMetadataHopLimit() + ") above 1 lets every pod on these nodes use the node role: "
          + "keep 1 unless a workload of yours needs IMDS from the pod network (docs/security.md)");
    }
    nodeGroupRoles.add(role);
    return groupProps.toBuilder()
        .clusterName(clusterName)
        .vpc(vpc)
        .nodeRole(role)
        .securityGroup(securityGroups.nodes())
        .userData(bootstrap(BootstrapScript.Role.WORKER))
        .build();
  }

  private <T extends INodeGroup> T register(T group) {
    nodeGroups.add(group);
    terminationQueue.addNodeGroup(group);
    if (group.getLabels().containsKey(AcceleratorLabel.KEY) && getNode().tryFindChild("NvidiaDevicePluginAddon") == null) {
      // The first GPU group brings NVIDIA's device plugin, which advertises its nodes' GPUs.
      new AddonManifest(new Construct(this, "NvidiaDevicePluginAddon"), "nvidia-device-plugin.yaml",
          NvidiaDevicePluginManifests.renderYaml(), ssmParameterPrefix,
          "spotkube: the S3 URL of NVIDIA's device plugin manifest, applied by the control plane's add-on timer")
          .grantRead(controlPlaneRole);
    }
    return group;
  }

  /**
   * Grants what the autoscaler does on AWS: {@code autoscaling:DescribeAutoScalingGroups},
   * {@code DescribeAutoScalingInstances}, {@code DescribeLaunchConfigurations},
   * {@code DescribeScalingActivities}, {@code DescribeTags}, {@code ec2:DescribeInstanceTypes},
   * {@code ec2:DescribeLaunchTemplateVersions} (describe calls take no resource-level
   * permissions), and {@code autoscaling:SetDesiredCapacity} and
   * {@code TerminateInstanceInAutoScalingGroup} only on groups tagged
   * {@code k8s.io/cluster-autoscaler/<cluster>=owned}.
   */
  public Grant grantAutoscaling(IGrantable grantee) {
    return AutoscalerPermissions.grant(grantee, clusterName);
  }

  /**
   * Lets {@code grantee} (a role or user of this account) become cluster-admin the way
   * {@code scripts/export-kubeconfig.sh} does it: read the admin kubeconfig the first control
   * plane stored, and forward a local port to the API through Session Manager. Grants exactly:
   * <ul>
   *   <li>{@code ssm:GetParameter} on {@link #getAdminKubeconfigParameterName()};</li>
   *   <li>{@code kms:Decrypt} on {@link #getAdminKubeconfigKey()} when called through SSM
   *       ({@code kms:ViaService ssm.<region>.amazonaws.com}) for that parameter
   *       ({@code kms:EncryptionContext:PARAMETER_ARN}), in the principal's policy and in the key
   *       policy (the key does not trust the account's IAM policies for its use);</li>
   *   <li>{@code ssm:StartSession} on the document {@code AWS-StartPortForwardingSessionToRemoteHost}
   *       and on instances tagged {@code kubernetes.io/cluster/<cluster>=owned} and
   *       {@code k8s.io/role/control-plane=1} (condition {@code ssm:resourceTag/...}), with
   *       {@code ssm:SessionDocumentAccessCheck}, so no shell session;</li>
   *   <li>{@code ssm:TerminateSession}, {@code ssm:ResumeSession} on
   *       {@code arn:aws:ssm:*:*:session/${aws:userid}-*} (its own sessions);</li>
   *   <li>{@code ec2:DescribeInstances} (no resource-level permissions) to find a control-plane
   *       instance and the parameter name by their tags.</li>
   * </ul>
   * The Kubernetes identity is the user {@code spotkube-admin}, bound to {@code cluster-admin} by
   * the ClusterRoleBinding {@code spotkube-admin}: delete that binding to revoke the kubeconfig.
   */
  public Grant grantClusterAdmin(IGrantable grantee) {
    return adminAccess.grant(grantee);
  }

  /** The SSM SecureString where the first control plane stores the cluster-admin kubeconfig. */
  public String getAdminKubeconfigParameterName() {
    return adminAccess.parameterName();
  }

  /** The customer-managed key (rotation on) that encrypts the admin kubeconfig. */
  public IKey getAdminKubeconfigKey() {
    return adminAccess.key();
  }

  public String getClusterName() {
    return clusterName;
  }

  public IVpc getVpc() {
    return vpc;
  }

  public Bucket getStateStore() {
    return stateStore.getBucket();
  }

  /** The internal Network Load Balancer in front of kube-apiserver (TCP 6443). */
  public NetworkLoadBalancer getApiLoadBalancer() {
    return apiLoadBalancer;
  }

  /** {@code https://<load balancer DNS name>:6443} */
  public String getApiEndpoint() {
    return "https://" + apiLoadBalancer.getLoadBalancerDnsName() + ":" + ClusterSecurityGroups.API_PORT;
  }

  /** The customer-managed key (rotation on) of the join material SecureStrings under {@code <prefix>/join/}. */
  public IKey getJoinMaterialKey() {
    return joinMaterialKey.key();
  }

  /** Where the instances keep the join material (SSM Parameter Store SecureStrings). */
  public String getSsmParameterPrefix() {
    return ssmParameterPrefix;
  }

  public TerminationHandlerQueue getTerminationQueue() {
    return terminationQueue;
  }

  /** The control plane's Auto Scaling groups, one instance each, one per zone. */
  public List<AutoScalingGroup> getControlPlaneGroups() {
    return controlPlane.groups();
  }

  /** The control plane's role; the runtime (autoscaler, drainer) runs there and uses it. */
  public Role getControlPlaneRole() {
    return controlPlaneRole;
  }

  /** The role of on-demand nodes: joining and marking itself unhealthy, nothing else. */
  public Role getOnDemandNodeRole() {
    return onDemandNodeRole;
  }

  public Role getSpotNodeRole() {
    return spotNodeRole;
  }

  public List<INodeGroup> getNodeGroups() {
    return List.copyOf(nodeGroups);
  }

  static void suppress(Construct construct, String ruleId, String reason, String... appliesTo) {
    NagSuppressionMetadata.suppress((CfnResource) construct.getNode().getDefaultChild(), ruleId, reason, appliesTo);
  }
}
