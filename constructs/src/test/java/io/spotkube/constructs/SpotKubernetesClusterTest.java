package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The tutorial's cluster from one construct, checked on the synthesized template. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpotKubernetesClusterTest {

  private static final String CLUSTER_TAG = "kubernetes.io/cluster/spot-kops-cluster";

  private SpotKubernetesCluster cluster;
  private Template template;
  private App app;

  @BeforeAll
  void synthesizeTutorialCluster() {
    app = new App();
    Stack stack = new Stack(app, "Tutorial", StackProps.builder()
        .env(Environment.builder().region("eu-west-1").build()).build());
    cluster = new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .scaleDownUnneededTime(Duration.minutes(2))
        .scaleDownDelayAfterAdd(Duration.minutes(2))
        .build());
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().minCapacity(2).maxCapacity(2).build());
    cluster.addSpotNodeGroup("spot-group-base-2vcpus-8gb", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m5.large").burstSupport(false).denyList(TestStacks.TUTORIAL_DENY_LIST).gpus(0)
        .minCapacity(1).maxCapacity(5).build());
    template = Template.fromStack(stack);
  }

  @Test
  void controlPlaneIsThreeGroupsOfOneInstanceOnePerZone() {
    assertThat(cluster.getControlPlaneGroups()).hasSize(3);
    template.resourcePropertiesCountIs("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MinSize", "1", "MaxSize", "1",
        "LaunchTemplate", Match.objectLike(Map.of("LaunchTemplateId", Match.anyValue()))), 3);
    for (int zone = 1; zone <= 3; zone++) {
      template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
          "MinSize", "1", "MaxSize", "1",
          "VPCZoneIdentifier", List.of(Map.of("Ref", Match.stringLikeRegexp("ClusterVpcprivateSubnet" + zone + ".*")))));
    }
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "InstanceType", "m5.large",
        "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1)))));
  }

  @Test
  void vpcSpansThreeZonesWithPrivateSubnetsAndANatGatewayEach() {
    template.resourceCountIs("AWS::EC2::VPC", 1);
    template.resourceCountIs("AWS::EC2::NatGateway", 3);
    for (String zone : List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")) {
      template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", zone, "MapPublicIpOnLaunch", false));
    }
  }

  @Test
  void apiIsAnInternalNetworkLoadBalancerOn6443InFrontOfTheControlPlane() {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
        "Type", "network", "Scheme", "internal"));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 6443, "Protocol", "TCP"));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
        "Port", 6443, "Protocol", "TCP", "HealthCheckProtocol", "HTTPS", "HealthCheckPath", "/readyz",
        "TargetGroupAttributes", Match.arrayWith(List.of(Map.of("Key", "preserve_client_ip.enabled", "Value", "false")))));
    template.resourcePropertiesCountIs("AWS::AutoScaling::AutoScalingGroup", Map.of("TargetGroupARNs",
        Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("ClusterApiLoadBalancerKubeApiServer.*"))))), 3);
  }

  @Test
  void onDemandNodesAreLabelledOnDemandAndAllOnDemandCapacity() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MinSize", "2", "MaxSize", "2",
        "MixedInstancesPolicy", Map.of(
            "InstancesDistribution", Map.of("OnDemandPercentageAboveBaseCapacity", 100),
            "LaunchTemplate", Map.of("Overrides", List.of(Map.of("InstanceType", "t3.large")))),
        "Tags", Match.arrayWith(List.of(Map.of(
            "Key", "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/lifecycle", "Value", "OnDemand",
            "PropagateAtLaunch", false)))));
  }

  @Test
  void spotGroupIsDiscoverableAndItsLifecycleActionsAreRouted() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MinSize", "1", "MaxSize", "5",
        "MixedInstancesPolicy", Map.of("InstancesDistribution", Map.of("OnDemandPercentageAboveBaseCapacity", 0)),
        "Tags", Match.arrayWith(List.of(
            Map.of("Key", "k8s.io/cluster-autoscaler/enabled", "Value", "true", "PropagateAtLaunch", false)))));
    template.resourceCountIs("AWS::Events::Rule", 7);
    template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
        "source", List.of("aws.autoscaling"),
        "detail-type", List.of("EC2 Instance-terminate Lifecycle Action"),
        "detail", Map.of("AutoScalingGroupName", Match.arrayWith(List.of(
            Map.of("Ref", Match.stringLikeRegexp("ClusternodesGroup.*")),
            Map.of("Ref", Match.stringLikeRegexp("Clusterspotgroupbase2vcpus8gbGroup.*"))))))));
  }

  @Test
  void everyWorkerInstanceCarriesTheTerminationHandlersManagedTag() {
    Map<String, Map<String, Object>> workers = workerGroups();

    // the on-demand nodes and the Spot group; the runtime ignores instances without the tag
    assertThat(workers).hasSize(2);
    workers.forEach((logicalId, group) -> assertThat(tags(group))
        .as("Tags of %s", logicalId)
        .contains(Map.of("Key", "aws-node-termination-handler/managed", "Value", "true", "PropagateAtLaunch", true)));
  }

  @Test
  void everyWorkerGroupHoldsLaunchesUntilTheRuntimeCompletesThemAndNoControlPlaneGroupDoes() {
    Map<String, Map<String, Object>> workers = workerGroups();
    List<String> launchHooked = hookedGroups("autoscaling:EC2_INSTANCE_LAUNCHING");

    // one launching hook per worker group (on-demand and Spot), none on the three control-plane groups
    assertThat(launchHooked).containsExactlyInAnyOrderElementsOf(workers.keySet());
    assertThat(hookedGroups("autoscaling:EC2_INSTANCE_TERMINATING")).containsExactlyInAnyOrderElementsOf(workers.keySet());

    // the launch rule routes each hooked group's events to the queue ...
    Map<String, Object> launchRule = properties(template.findResources("AWS::Events::Rule", Map.of("Properties", Map.of(
        "EventPattern", Match.objectLike(Map.of("detail-type", List.of("EC2 Instance-launch Lifecycle Action"))))))
        .values().iterator().next());
    assertThat(launchRule.toString()).contains(launchHooked.stream().map(id -> "{Ref=" + id + "}").toList());

    // ... and the runtime's role (the control plane's) may complete the actions of each hooked group
    Map<String, Object> complete = runtimeStatement("autoscaling:CompleteLifecycleAction");
    @SuppressWarnings("unchecked")
    Map<String, String> condition = ((Map<String, Map<String, String>>) complete.get("Condition")).get("StringEquals");
    Map.Entry<String, String> tagCondition = condition.entrySet().iterator().next();
    String tagKey = tagCondition.getKey().replaceFirst("^autoscaling:ResourceTag/", "");
    assertThat(tagKey).isEqualTo("k8s.io/cluster-autoscaler/spot-kops-cluster");
    for (String groupId : launchHooked) {
      assertThat(tags(workers.get(groupId))).as("Tags of %s", groupId)
          .anyMatch(tag -> tag.get("Key").equals(tagKey) && tag.get("Value").equals(tagCondition.getValue()));
    }
  }

  /** Logical ids of the groups with a lifecycle hook for {@code transition}, sorted. */
  @SuppressWarnings("unchecked")
  private List<String> hookedGroups(String transition) {
    return template.findResources("AWS::AutoScaling::LifecycleHook", Map.of("Properties", Map.of(
            "LifecycleTransition", transition, "AutoScalingGroupName", Match.anyValue())))
        .values().stream()
        .map(hook -> ((Map<String, String>) properties(hook).get("AutoScalingGroupName")).get("Ref"))
        .sorted().toList();
  }

  /** The statement of the control-plane role's policy (the runtime's role) that grants {@code action}. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> runtimeStatement(String action) {
    return template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("ClusterControlPlaneRole"))
        .flatMap(entry -> ((List<Map<String, Object>>) ((Map<String, Object>) properties(entry.getValue())
            .get("PolicyDocument")).get("Statement")).stream())
        .filter(statement -> String.valueOf(statement.get("Action")).contains(action))
        .findFirst().orElseThrow(() -> new AssertionError("no statement grants " + action + " to the runtime's role"));
  }

  /** The worker groups (a MixedInstancesPolicy) by logical id; control-plane groups use a plain launch template. */
  private Map<String, Map<String, Object>> workerGroups() {
    Map<String, Map<String, Object>> workers = new java.util.TreeMap<>(template.findResources("AWS::AutoScaling::AutoScalingGroup"));
    workers.values().removeIf(group -> !properties(group).containsKey("MixedInstancesPolicy"));
    return workers;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tags(Map<String, Object> group) {
    return (List<Map<String, Object>>) properties(group).get("Tags");
  }

  @Test
  void stateStoreIsVersionedEncryptedPrivateAndTlsOnly() {
    template.hasResourceProperties("AWS::S3::Bucket", Map.of(
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
        "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "state-store/"))));
    template.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain",
        "Properties", Match.objectLike(Map.of("VersioningConfiguration", Map.of("Status", "Enabled")))));
    template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
        Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
  }

  @Test
  void rejectedTrafficLogsAreEncryptedWithAKeyOnlyThisAccountsLogGroupsMayUse() {
    String keyId = template.findResources("AWS::KMS::Key", Map.of("Properties", Match.objectLike(Map.of(
        "Description", "spotkube: the VPC's rejected-traffic flow logs", "EnableKeyRotation", true)))).keySet().iterator().next();
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
        "KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn")), "RetentionInDays", 731));
    template.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "REJECT", "LogDestinationType", "cloud-watch-logs"));
    template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
        Match.objectLike(Map.of(
            "Principal", Map.of("Service", Map.of("Fn::Join", List.of("", List.of("logs.", Map.of("Ref", "AWS::Region"), ".amazonaws.com")))),
            "Condition", Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", Match.anyValue())))))))));
  }

  @Test
  void accessLogBucketIsVersionedAndSaysWhyItIsNotLoggedItself() {
    template.hasResource("AWS::S3::Bucket", Map.of(
        "Properties", Match.objectLike(Map.of(
            "VersioningConfiguration", Map.of("Status", "Enabled"),
            "LoggingConfiguration", Match.absent())),
        "Metadata", Match.objectLike(Map.of("checkov", Map.of("skip", List.of(Map.of(
            "id", "CKV_AWS_18", "comment", Match.stringLikeRegexp(".*would loop.*"))))))));
  }

  @Test
  void autoscalingWriteActionsCarryTheClusterTagCondition() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
        Map.of("Effect", "Allow",
            "Action", List.of("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"),
            "Resource", Match.anyValue(),
            "Condition", Map.of("StringEquals",
                Map.of("autoscaling:ResourceTag/k8s.io/cluster-autoscaler/spot-kops-cluster", "owned"))))))));
  }

  @Test
  void workersMayReadTheCaHashButNeitherTheJoinTokenNorTheControlPlaneCertificateKey() {
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
    String spotPolicy = policies.entrySet().stream().filter(entry -> entry.getKey().startsWith("ClusterSpotNodeRole"))
        .map(entry -> entry.getValue().toString()).findFirst().orElseThrow();

    assertThat(spotPolicy).contains("/join/ca-cert-hash", "ssm:GetParameter")
        .doesNotContain("/join/token", "certificate-key", "ssm:PutParameter", "autoscaling:SetDesiredCapacity", "sqs:ReceiveMessage");
  }

  @Test
  void everyRoleMayMarkItsOwnInstanceUnhealthyOnlyInTheClustersGroups() {
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
    for (String role : List.of("ClusterSpotNodeRole", "ClusterOnDemandNodeRole", "ClusterControlPlaneRole")) {
      String policy = policies.entrySet().stream().filter(entry -> entry.getKey().startsWith(role))
          .map(entry -> entry.getValue().toString()).findFirst().orElseThrow(() -> new AssertionError(role + " has no policy"));
      assertThat(policy).as(role).contains(
          "Action=autoscaling:SetInstanceHealth",
          "Condition={StringEquals={autoscaling:ResourceTag/kubernetes.io/cluster/spot-kops-cluster=owned}}");
    }
  }

  @Test
  void runtimeManifestIsAnAssetAndItsDeployTimeValuesAreInSsm() {
    template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
        "Type", "String",
        "Name", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(".*/addons/variables"))))),
        "Value", Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
            Match.stringLikeRegexp("RUNTIME_IMAGE=registry.example.com/spotkube/runtime:1.0\\nQUEUE_URL=.*"))))))));
    // The runtime learns the stack's id (the node groups' cluster id tag) from the same parameter.
    template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
        "Name", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(".*/addons/variables"))))),
        "Value", Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
            Match.stringLikeRegexp(".*\\nCLUSTER_ID="), Map.of("Ref", "AWS::StackId"))))))));
  }

  @Test
  void theControlPlaneRoleHasTheCloudControllerManagersStatementsScopedByTheClusterTag() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ClusterControlPlaneRole.*"))),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
            Map.of("Effect", "Allow", "Action", CloudControllerManagerPermissions.DESCRIBE_ACTIONS, "Resource", "*"),
            Map.of("Effect", "Allow", "Action", CloudControllerManagerPermissions.LOAD_BALANCER_CREATE_ACTIONS, "Resource", "*",
                "Condition", Map.of("StringEquals", Map.of("aws:RequestTag/" + CLUSTER_TAG, "owned"))),
            Map.of("Effect", "Allow", "Action", "elasticloadbalancing:AddTags", "Resource", "*",
                "Condition", Map.of("StringEquals", Map.of("aws:RequestTag/" + CLUSTER_TAG, "owned",
                    "elasticloadbalancing:CreateAction", List.of("CreateListener", "CreateLoadBalancer", "CreateTargetGroup")))),
            Map.of("Effect", "Allow", "Action", CloudControllerManagerPermissions.LOAD_BALANCER_WRITE_ACTIONS, "Resource", "*",
                "Condition", Map.of("StringEquals", Map.of("aws:ResourceTag/" + CLUSTER_TAG, "owned"))),
            Map.of("Effect", "Allow", "Action", "ec2:CreateSecurityGroup",
                "Resource", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("ClusterVpc.*"))))))),
            Map.of("Effect", "Allow", "Action", "ec2:CreateTags", "Resource", Match.anyValue(),
                "Condition", Map.of("StringEquals", Map.of("ec2:CreateAction", "CreateSecurityGroup",
                    "aws:RequestTag/" + CLUSTER_TAG, "owned"))),
            Map.of("Effect", "Allow", "Action", CloudControllerManagerPermissions.SECURITY_GROUP_WRITE_ACTIONS,
                "Resource", Match.anyValue(),
                "Condition", Map.of("StringEquals", Map.of("aws:ResourceTag/" + CLUSTER_TAG, "owned"))))))));
  }

  private static final List<String> SSM_AGENT_ACTIONS = List.of("ssm:UpdateInstanceInformation",
      "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel");

  @Test
  @SuppressWarnings("unchecked")
  void noControlPlaneWriteReachesAllResourcesOfAKindWithoutTheClusterTag() {
    Map<String, Object> policy = template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("ClusterControlPlaneRole")).map(Map.Entry::getValue).findFirst().orElseThrow();
    List<Map<String, Object>> statements =
        (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument")).get("Statement");

    assertThat(statements).hasSizeGreaterThan(8).allSatisfy(statement -> {
      List<String> actions = statement.get("Action") instanceof List<?> list ? (List<String>) list : List.of((String) statement.get("Action"));
      List<Object> resources = statement.get("Resource") instanceof List<?> list ? (List<Object>) list : List.of(statement.get("Resource"));
      boolean unscoped = resources.stream().map(SpotKubernetesClusterTest::flatten)
          .anyMatch(resource -> resource.equals("*") || resource.matches(".*:[A-Za-z-]+/\\*"));
      // The SSM Agent's session channel actions (Session Manager) name no resource type a policy could
      // scope: AWS documents them on "*"; they reach only the instance's own sessions.
      boolean writes = actions.stream().anyMatch(action -> !action.matches("[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*")
          && !SSM_AGENT_ACTIONS.contains(action));
      if (unscoped && writes) {
        assertThat(String.valueOf(statement.get("Condition"))).as("statement %s", statement)
            .containsPattern("(Resource|Request)Tag/(kubernetes\\.io/cluster|k8s\\.io/cluster-autoscaler)/spot-kops-cluster");
      }
    });
  }

  /** A resource as text: a Fn::Join's literal parts, tokens as <ref>. */
  @SuppressWarnings("unchecked")
  private static String flatten(Object resource) {
    if (resource instanceof String text) {
      return text;
    }
    Map<String, Object> intrinsic = (Map<String, Object>) resource;
    if (intrinsic.containsKey("Fn::Join")) {
      List<Object> parts = (List<Object>) ((List<Object>) intrinsic.get("Fn::Join")).get(1);
      return parts.stream().map(part -> part instanceof String text ? text : "<ref>").reduce("", String::concat);
    }
    return "<ref>";
  }

  @Test
  void theNodesSecurityGroupCarriesTheClusterTagSoTheControllerMayOpenItToLoadBalancers() {
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
        "GroupDescription", "spot-kops-cluster nodes",
        "Tags", Match.arrayWith(List.of(Map.of("Key", CLUSTER_TAG, "Value", "owned")))));
  }

  @Test
  void aClusterWithoutGpuGroupsShipsNoNvidiaDevicePlugin() {
    assertThat(template.findResources("AWS::SSM::Parameter", Map.of("Properties", Map.of(
        "Name", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
            Match.stringLikeRegexp(".*/addons/nvidia-device-plugin\\.yaml"))))))))).isEmpty();
  }

  @Test
  void theCloudControllerManagerManifestIsAnAssetTheAddonTimerFindsInSsm() throws java.io.IOException {
    Map<String, Map<String, Object>> parameters = template.findResources("AWS::SSM::Parameter", Map.of("Properties", Map.of(
        "Name", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(".*/addons/aws-cloud-controller-manager\\.yaml"))))))));
    assertThat(parameters).hasSize(1);
    String value = parameters.values().iterator().next().toString();
    java.util.regex.Matcher hash = java.util.regex.Pattern.compile("([0-9a-f]{64})\\.yaml").matcher(value);
    assertThat(hash.find()).as(value).isTrue();

    java.nio.file.Path asset = java.nio.file.Path.of(app.synth().getDirectory()).resolve("asset." + hash.group(1) + ".yaml");
    assertThat(java.nio.file.Files.readString(asset)).contains("kind: DaemonSet", "name: aws-cloud-controller-manager",
        "KubernetesClusterID = spot-kops-cluster", io.spotkube.constructs.manifests.CloudControllerManagerManifests.DEFAULT_IMAGE);
    // The control plane may read it: the add-on timer downloads it with the instance role.
    String controlPlanePolicy = template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("ClusterControlPlaneRole")).map(entry -> entry.getValue().toString())
        .findFirst().orElseThrow();
    assertThat(controlPlanePolicy).contains("Action=s3:GetObject", "cdk-hnb659fds-assets-${AWS::AccountId}-eu-west-1}, /"
        + hash.group(1) + ".yaml");
  }

  @Test
  void noJoinSecretIsInTheTemplate() {
    String text = template.toJSON().toString();

    assertThat(text).doesNotContainPattern("[a-z0-9]{6}\\.[a-z0-9]{16}") // a kubeadm bootstrap token
        .doesNotContain("sha256:"); // a CA cert hash
  }
}
