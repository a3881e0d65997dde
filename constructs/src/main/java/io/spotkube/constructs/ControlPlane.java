package io.spotkube.constructs;

import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.catalog.UnknownInstanceTypeException;
import io.spotkube.contract.KopsLabels;
import io.spotkube.contract.KubernetesClusterTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * kOps' HA control plane: one on-demand Auto Scaling group of exactly one instance per zone, so a
 * lost instance is replaced in its own zone and rejoins (the bootstrap removes its stale etcd member).
 */
final class ControlPlane extends Construct {

  /** What the control plane is made of. */
  record Spec(String clusterName, IVpc vpc, String instanceType, int count, IRole role, ISecurityGroup securityGroup, UserData userData) {
  }

  static final int ROOT_VOLUME_GIB = 64;

  private final List<AutoScalingGroup> groups = new ArrayList<>();

  ControlPlane(Construct scope, String id, Spec spec) {
    super(scope, id);
    String architecture;
    try {
      architecture = InstanceTypeCatalog.bundled().get(spec.instanceType()).primaryArchitecture();
    } catch (UnknownInstanceTypeException e) {
      throw new IllegalArgumentException("SpotKubernetesCluster " + scope.getNode().getPath()
          + ": controlPlaneInstanceType " + e.getMessage(), e);
    }
    LaunchTemplate launchTemplate = new NodeLaunchTemplate(UbuntuImage.forArchitecture(architecture), spec.userData(),
        spec.role(), spec.securityGroup(), new InstanceType(spec.instanceType()), ROOT_VOLUME_GIB, "/dev/sda1", 1)
        .create(this, "LaunchTemplate");

    List<String> zones = zonesOf(spec.vpc());
    for (int i = 0; i < spec.count(); i++) {
      String zone = zones.get(i % zones.size());
      AutoScalingGroup group = AutoScalingGroup.Builder.create(this, "Group-" + zone + (i >= zones.size() ? "-" + i : ""))
          .vpc(spec.vpc())
          .vpcSubnets(SubnetSelection.builder().subnets(subnetsIn(spec.vpc(), zone)).build())
          .launchTemplate(launchTemplate)
          .minCapacity(1)
          .maxCapacity(1)
          .build();
      // No launching lifecycle hook here, unlike the worker groups: the runtime that completes it
      // runs on the cluster, and an instance held in Pending:Wait is not registered behind the API
      // load balancer, so the first control plane would wait for a runtime that cannot start
      // without it, until the hook's timeout abandoned (terminated) it, over and over.
      Tags.of(group).add("Name", "control-plane-" + zone);
      Tags.of(group).add(KopsLabels.INSTANCE_GROUP, "control-plane-" + zone);
      Tags.of(group).add(KubernetesClusterTag.key(spec.clusterName()), KubernetesClusterTag.OWNED);
      SpotKubernetesCluster.suppress(group, "AwsSolutions-AS3",
          "A control-plane group only ever replaces its one instance; the bootstrap rejoins it, nobody needs a notification.");
      groups.add(group);
    }
  }

  /** Registers every control-plane instance behind the API load balancer (TCP 6443 and 3988). */
  void attachTo(NetworkLoadBalancer loadBalancer) {
    NetworkListener listener = loadBalancer.addListener("KubeApiServer", software.amazon.awscdk.services.elasticloadbalancingv2
        .BaseNetworkListenerProps.builder().port(ClusterSecurityGroups.API_PORT).protocol(Protocol.TCP).build());
    NetworkTargetGroup targets = listener.addTargets("ControlPlane", AddNetworkTargetsProps.builder()
        .port(ClusterSecurityGroups.API_PORT)
        .protocol(Protocol.TCP)
        .targets(List.copyOf(groups))
        .deregistrationDelay(Duration.seconds(30))
        .healthCheck(HealthCheck.builder()
            .protocol(Protocol.HTTPS)
            .path("/readyz")
            .interval(Duration.seconds(10))
            .healthyThresholdCount(2)
            .unhealthyThresholdCount(2)
            .build())
        .build());
    // A control-plane instance reaching the API through the load balancer may land on itself;
    // with the client IP preserved that hairpin connection never completes (kubeadm join hangs).
    targets.setAttribute("preserve_client_ip.enabled", "false");
    attachNodeCredentialServer(loadBalancer);
  }

  /**
   * Workers ask the runtime's node-credential server (hostNetwork on the control plane, plain HTTP
   * on {@value ClusterSecurityGroups#NODE_CREDENTIAL_PORT}) for their kubelet certificates through
   * the same load balancer. A TCP health check: the server answers only its POST, and only the
   * control-plane instances running a runtime replica listen. The client IP stays preserved (only
   * workers call it, no hairpin), so the server sees the worker's own address.
   */
  private void attachNodeCredentialServer(NetworkLoadBalancer loadBalancer) {
    int port = ClusterSecurityGroups.NODE_CREDENTIAL_PORT;
    loadBalancer.addListener("NodeCredentialServer", software.amazon.awscdk.services.elasticloadbalancingv2
        .BaseNetworkListenerProps.builder().port(port).protocol(Protocol.TCP).build())
        .addTargets("ControlPlane", AddNetworkTargetsProps.builder()
            .port(port)
            .protocol(Protocol.TCP)
            .targets(List.copyOf(groups))
            .deregistrationDelay(Duration.seconds(30))
            .healthCheck(HealthCheck.builder()
                .protocol(Protocol.TCP)
                .port(Integer.toString(port))
                .interval(Duration.seconds(10))
                .healthyThresholdCount(2)
                .unhealthyThresholdCount(2)
                .build())
            .build());
  }

  List<AutoScalingGroup> groups() {
    return List.copyOf(groups);
  }

  private static List<String> zonesOf(IVpc vpc) {
    Map<String, Boolean> zones = new TreeMap<>();
    privateSubnets(vpc).forEach(subnet -> zones.put(subnet.getAvailabilityZone(), true));
    return List.copyOf(zones.keySet());
  }

  private static List<ISubnet> subnetsIn(IVpc vpc, String zone) {
    return privateSubnets(vpc).stream().filter(subnet -> subnet.getAvailabilityZone().equals(zone)).toList();
  }

  private static List<ISubnet> privateSubnets(IVpc vpc) {
    return vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).getSubnets();
  }
}
