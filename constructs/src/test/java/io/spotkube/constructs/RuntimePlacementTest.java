package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Where the runtime's AWS credentials are reachable (docs/security.md): only the control-plane
 * role holds the runtime's permissions, every launch template answers IMDSv2 one hop only (the
 * host network), and the manifest the cluster ships runs the runtime on the control plane in the
 * host network. Checked on the synthesized template and the shipped manifest asset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimePlacementTest {

  /** What only the runtime does on AWS: scale, terminate, drain, consume the queue. */
  private static final List<String> RUNTIME_ACTIONS = List.of("autoscaling:SetDesiredCapacity",
      "autoscaling:TerminateInstanceInAutoScalingGroup", "autoscaling:CompleteLifecycleAction",
      "autoscaling:RecordLifecycleActionHeartbeat", "sqs:ReceiveMessage", "sqs:DeleteMessage",
      "ec2:DescribeInstanceTypes");

  private App app;
  private Stack stack;
  private Template template;

  @BeforeAll
  void synthesizeTheTutorialCluster() {
    app = new App();
    stack = new Stack(app, "Tutorial", StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
    SpotKubernetesCluster cluster = new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .build());
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().minCapacity(2).maxCapacity(2).build());
    cluster.addSpotNodeGroup("spot-group-base-2vcpus-8gb", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m5.large").burstSupport(false).denyList(TestStacks.TUTORIAL_DENY_LIST).gpus(0)
        .minCapacity(1).maxCapacity(5).build());
    template = Template.fromStack(stack);
  }

  private String policyOf(String rolePrefix) {
    return template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(rolePrefix)).map(entry -> entry.getValue().toString())
        .findFirst().orElseThrow(() -> new AssertionError(rolePrefix + " has no policy"));
  }

  @Test
  void everyLaunchTemplateAnswersInstanceMetadataOneHopOnly() {
    Map<String, Map<String, Object>> templates = template.findResources("AWS::EC2::LaunchTemplate");

    assertThat(templates).hasSize(3); // the control plane's (one for its groups), on-demand, Spot
    templates.forEach((id, resource) -> assertThat(metadataOptions(resource)).as(id)
        .isEqualTo(Map.of("HttpPutResponseHopLimit", 1, "HttpTokens", "required")));
  }

  @SuppressWarnings("unchecked")
  private static Object metadataOptions(Map<String, Object> launchTemplate) {
    Map<String, Object> properties = (Map<String, Object>) launchTemplate.get("Properties");
    return ((Map<String, Object>) properties.get("LaunchTemplateData")).get("MetadataOptions");
  }

  @Test
  void onlyTheControlPlaneRoleHoldsTheRuntimesPermissions() {
    assertThat(policyOf("ClusterControlPlaneRole")).contains(RUNTIME_ACTIONS);
    for (String worker : List.of("ClusterOnDemandNodeRole", "ClusterSpotNodeRole")) {
      String policy = policyOf(worker);
      for (String action : RUNTIME_ACTIONS) {
        assertThat(policy).as(worker + " must not " + action).doesNotContain(action);
      }
    }
  }

  @Test
  void workerRolesKeepOnlyWhatTheirBootstrapNeeds() {
    for (String worker : List.of("ClusterOnDemandNodeRole", "ClusterSpotNodeRole")) {
      template.hasResourceProperties("AWS::IAM::Policy", Map.of(
          "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp(worker + ".*"))),
          "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
              Match.objectLike(Map.of("Action", "ssm:GetParameter")),
              Match.objectLike(Map.of("Action", "autoscaling:SetInstanceHealth")))))));
      // and nothing else but decrypting those parameters under the join material key (JoinMaterialKeyTest)
      assertThat(workerStatements(worker)).hasSize(3)
          .anySatisfy(statement -> assertThat(statement.get("Action")).isEqualTo("kms:Decrypt"));
    }
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> workerStatements(String role) {
    return template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(role))
        .flatMap(entry -> ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) entry.getValue()
            .get("Properties")).get("PolicyDocument")).get("Statement")).stream())
        .toList();
  }

  @Test
  void aHopLimitAboveOneIsWarnedAbout() {
    App other = new App();
    Stack otherStack = new Stack(other, "Other", StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
    SpotKubernetesCluster cluster = new SpotKubernetesCluster(otherStack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster").runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0")).build());
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().instanceMetadataHopLimit(2).build());

    Annotations.fromStack(otherStack).hasWarning("/Other/Cluster",
        Match.stringLikeRegexp("instanceMetadataHopLimit \\(2\\) above 1 lets every pod on these nodes use the node role.*"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> shippedRuntimeDeployment() throws IOException {
    Map<String, Map<String, Object>> parameters = template.findResources("AWS::SSM::Parameter", Map.of("Properties", Map.of(
        "Name", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(".*/addons/spotkube-runtime\\.yaml"))))))));
    assertThat(parameters).hasSize(1);
    Matcher hash = Pattern.compile("([0-9a-f]{64})\\.yaml").matcher(parameters.values().iterator().next().toString());
    assertThat(hash.find()).isTrue();
    Path asset = Path.of(app.synth().getDirectory()).resolve("asset." + hash.group(1) + ".yaml");
    for (Object document : org.cdk8s.Yaml.load(asset.toString())) {
      Map<String, Object> object = (Map<String, Object>) document;
      if (object != null && "Deployment".equals(object.get("kind"))) {
        return object;
      }
    }
    throw new AssertionError("no Deployment in the shipped runtime manifest " + asset);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theShippedManifestRunsTheRuntimeOnTheControlPlaneInTheHostNetworkWithMetricsOnLoopback() throws IOException {
    Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        shippedRuntimeDeployment().get("spec")).get("template")).get("spec");
    Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).get(0);

    assertThat(spec).containsEntry("hostNetwork", true)
        .containsEntry("nodeSelector", Map.of("node-role.kubernetes.io/control-plane", ""))
        .containsEntry("priorityClassName", "system-cluster-critical");
    assertThat(spec.get("tolerations").toString()).contains("key=node-role.kubernetes.io/control-plane", "effect=NoSchedule");
    assertThat(container.get("env").toString()).contains("{name=METRICS_ADDRESS, value=127.0.0.1}");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(((Map<String, Object>) container.get(probe)).get("httpGet").toString()).as(probe).contains("host=127.0.0.1");
    }
  }
}
