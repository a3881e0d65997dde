package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Workers reach the runtime's node-credential server (TCP 3988 on the control plane, through the
 * API load balancer), the runtime learns which roles are nodes, and workers lose the bootstrap token.
 */
class NodeCredentialServerAccessTest {

  private static final int PORT = 3988;

  private static SpotKubernetesCluster cluster(Stack stack) {
    return new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .build());
  }

  private static Stack stack() {
    return new Stack(new App(), "Tutorial", StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
  }

  private static void addSpotGroup(SpotKubernetesCluster cluster) {
    cluster.addSpotNodeGroup("spot-group-base-2vcpus-8gb", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m5.large").burstSupport(false).denyList(TestStacks.TUTORIAL_DENY_LIST).gpus(0)
        .minCapacity(1).maxCapacity(5).build());
  }

  private static Template tutorial() {
    Stack stack = stack();
    SpotKubernetesCluster cluster = cluster(stack);
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().minCapacity(2).maxCapacity(2).build());
    addSpotGroup(cluster);
    return Template.fromStack(stack);
  }

  @Test
  void theApiLoadBalancerForwardsTcp3988ToEveryControlPlaneInstanceWithATcpHealthCheckOnThatPort() {
    Template template = tutorial();

    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", PORT, "Protocol", "TCP",
        "LoadBalancerArn", Map.of("Ref", Match.stringLikeRegexp("ClusterApiLoadBalancer.*"))));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
        "Port", PORT, "Protocol", "TCP", "HealthCheckProtocol", "TCP", "HealthCheckPort", Integer.toString(PORT)));
    template.resourcePropertiesCountIs("AWS::AutoScaling::AutoScalingGroup", Map.of("TargetGroupARNs",
        Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("ClusterApiLoadBalancerNodeCredentialServer.*"))))), 3);
  }

  @Test
  void nodesReachThePortThroughTheLoadBalancerAndDirectlyAndTheLoadBalancerReachesTheControlPlane() {
    Template template = tutorial();

    for (String[] rule : List.of(
        new String[] {"ClusterSecurityGroupsApiLoadBalancer", "ClusterSecurityGroupsNodes"},
        new String[] {"ClusterSecurityGroupsControlPlane", "ClusterSecurityGroupsApiLoadBalancer"},
        new String[] {"ClusterSecurityGroupsControlPlane", "ClusterSecurityGroupsNodes"})) {
      template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("IpProtocol", "tcp",
          "FromPort", PORT, "ToPort", PORT,
          "GroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(rule[0] + "[0-9A-F]+"), "GroupId")),
          "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(rule[1] + "[0-9A-F]+"), "GroupId"))));
    }
  }

  @Test
  void theAddonVariablesNameTheRolesOfTheNodeGroupsAddedAfterTheCluster() {
    Template template = tutorial();

    template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
        "Name", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(".*/addons/variables"))))),
        "Value", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
            Match.stringLikeRegexp(".*\\nNODE_ROLE_NAMES=$"), Map.of("Ref", Match.stringLikeRegexp("ClusterOnDemandNodeRole.*")),
            ",", Map.of("Ref", Match.stringLikeRegexp("ClusterSpotNodeRole.*"))))))));
  }

  @Test
  void aClusterWithOnlySpotGroupsNamesOnlyTheSpotRoleAndOneWithoutGroupsNone() {
    Stack spotOnly = stack();
    addSpotGroup(cluster(spotOnly));
    String spotVariables = variables(Template.fromStack(spotOnly));
    assertThat(spotVariables).containsPattern("\nNODE_ROLE_NAMES=, \\{Ref=ClusterSpotNodeRole[0-9A-F]+\\}\\]\\]")
        .doesNotContain("OnDemandNodeRole");

    Stack empty = stack();
    cluster(empty);
    assertThat(variables(Template.fromStack(empty))).containsPattern("\nNODE_ROLE_NAMES=\\]\\]");
  }

  @Test
  void workersMayReadAndDecryptTheCaHashButNotTheBootstrapToken() {
    Template template = tutorial();
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
    for (String role : List.of("ClusterSpotNodeRole", "ClusterOnDemandNodeRole")) {
      String policy = policies.entrySet().stream().filter(entry -> entry.getKey().startsWith(role))
          .map(entry -> entry.getValue().toString()).findFirst().orElseThrow();
      assertThat(policy).as(role).contains("/join/ca-cert-hash", "ssm:GetParameter", "kms:Decrypt")
          .doesNotContain("/join/token", "/join/*", "certificate-key");
    }
    String key = template.findResources("AWS::KMS::Key").values().stream().map(Object::toString)
        .filter(text -> text.contains("join material")).findFirst().orElseThrow();
    assertThat(key).doesNotContain("/join/token");
  }

  @SuppressWarnings("unchecked")
  private static String variables(Template template) {
    return template.findResources("AWS::SSM::Parameter").values().stream().map(Object::toString)
        .filter(text -> text.contains("/addons/variables")).findFirst().orElseThrow()
        .replaceAll(".*Value=", "");
  }
}
