package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;

/** The way in: the admin kubeconfig's key and parameter, and what {@code grantClusterAdmin} gives, on the template. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterAdminAccessTest {

  private static final Map<String, Object> PARTITION = Map.of("Ref", "AWS::Partition");
  private static final Map<String, Object> REGION = Map.of("Ref", "AWS::Region");
  private static final Map<String, Object> ACCOUNT = Map.of("Ref", "AWS::AccountId");

  private Template template;
  private Map<String, Object> parameterArn;
  private Map<String, Object> keyArn;
  private String keyId;

  @BeforeAll
  void synthesizeClusterWithOneAdminRole() {
    Stack stack = new Stack(new App(), "Access", StackProps.builder()
        .env(Environment.builder().region("eu-west-1").build()).build());
    Role admin = Role.Builder.create(stack, "Admin").assumedBy(new AccountRootPrincipal()).build();
    SpotKubernetesCluster cluster = new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .adminRoles(List.of(admin))
        .build());
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().minCapacity(2).maxCapacity(2).build());
    template = Template.fromStack(stack);
    // The cluster has other keys too (flow logs, the termination queue): this one is ClusterAdminAccess's.
    keyId = template.findResources("AWS::KMS::Key").keySet().stream()
        .filter(id -> id.startsWith("ClusterAdminAccessKey")).findFirst().orElseThrow();
    keyArn = Map.of("Fn::GetAtt", List.of(keyId, "Arn"));
    String bucket = template.findResources("AWS::S3::Bucket").keySet().stream()
        .filter(id -> id.startsWith("ClusterStateStoreBucket")).findFirst().orElseThrow();
    parameterArn = Map.of("Fn::Join", List.of("", List.of("arn:", PARTITION, ":ssm:", REGION, ":", ACCOUNT,
        ":parameter/spotkube/spot-kops-cluster/", Map.of("Ref", bucket), "/admin/kubeconfig")));
  }

  @Test
  void theGrantedRoleGetsExactlyTheKubeconfigTheKeyThroughSsmAndPortForwardingToTheControlPlane() {
    Map<String, Object> throughSsm = Map.of("StringEquals", Map.of(
        "kms:EncryptionContext:PARAMETER_ARN", parameterArn,
        "kms:ViaService", Map.of("Fn::Join", List.of("", List.of("ssm.", REGION, ".amazonaws.com")))));
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^Admin[0-9A-F]+$"))),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Effect", "Allow", "Action", "ssm:GetParameter", "Resource", parameterArn),
            Map.of("Effect", "Allow", "Action", "kms:Decrypt", "Resource", keyArn, "Condition", throughSsm),
            Map.of("Effect", "Allow", "Action", "ssm:StartSession", "Resource", Map.of("Fn::Join", List.of("", List.of(
                "arn:", PARTITION, ":ssm:", REGION, "::document/AWS-StartPortForwardingSessionToRemoteHost")))),
            Map.of("Effect", "Allow", "Action", "ssm:StartSession",
                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", PARTITION, ":ec2:", REGION, ":", ACCOUNT, ":instance/*"))),
                "Condition", Map.of(
                    "BoolIfExists", Map.of("ssm:SessionDocumentAccessCheck", "true"),
                    "StringEquals", Map.of(
                        "ssm:resourceTag/k8s.io/role/control-plane", "1",
                        "ssm:resourceTag/kubernetes.io/cluster/spot-kops-cluster", "owned"))),
            Map.of("Effect", "Allow", "Action", List.of("ssm:TerminateSession", "ssm:ResumeSession"),
                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", PARTITION, ":ssm:*:*:session/${aws:userid}-*")))),
            Map.of("Effect", "Allow", "Action", "ec2:DescribeInstances", "Resource", "*")))));
  }

  @Test
  void theKeyRotatesAndItsPolicyLetsOnlyTheAdminDecryptAndOnlyTheControlPlaneEncrypt() {
    template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    List<Map<String, Object>> statements = keyPolicyStatements();

    assertThat(statements).hasSize(3);
    assertThat(statements).filteredOn(s -> actions(s).stream().anyMatch(a -> a.equals("kms:*") || a.startsWith("kms:Decrypt")
            || a.startsWith("kms:ReEncrypt") || a.equals("kms:CreateGrant")))
        .singleElement()
        .satisfies(s -> assertThat(principal(s)).contains("Admin").doesNotContain("ControlPlaneRole", ":root"));
    assertThat(statements).filteredOn(s -> actions(s).contains("kms:Encrypt")).singleElement()
        .satisfies(s -> {
          assertThat(principal(s)).contains("ClusterControlPlaneRole");
          assertThat(actions(s)).containsExactly("kms:Encrypt", "kms:GenerateDataKey");
          assertThat(s.get("Condition").toString()).contains("kms:ViaService", "PARAMETER_ARN");
        });
    assertThat(statements).filteredOn(s -> principal(s).contains(":root")).singleElement()
        .satisfies(s -> assertThat(actions(s)).doesNotContain("kms:*", "kms:Encrypt", "kms:GenerateDataKey*",
            "kms:CreateGrant").noneMatch(a -> a.startsWith("kms:Decrypt") || a.startsWith("kms:ReEncrypt")));
  }

  @Test
  void noOtherRolesPolicyMentionsTheKeyOrDecrypts() {
    template.findResources("AWS::IAM::Policy").forEach((id, policy) -> {
      if (!id.startsWith("AdminDefaultPolicy")) {
        // Other keys (the termination queue's) may be decrypted by their consumers; this one may not.
        assertThat(policy.toString()).as(id).doesNotContain(keyId, "kms:*", "/admin/kubeconfig");
        assertThat(policy.toString()).as(id).doesNotContainPattern("kms:Decrypt[^}]*Resource=\\*");
      }
    });
  }

  @Test
  void controlPlaneRoleHoldsWhatTheSsmAgentNeedsForSessionsNotTheManagedPolicy() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^ClusterControlPlaneRole.*"))),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of("Effect", "Allow",
            "Action", List.of("ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"),
            "Resource", "*"))))));
    assertThat(template.toJSON().toString()).doesNotContain("AmazonSSMManagedInstanceCore", "ec2messages:");
  }

  @Test
  void controlPlaneInstancesCarryTheRoleTagAndTheParameterNameWorkersDoNot() {
    Map<String, Object> roleTag = Map.of("Key", "k8s.io/role/control-plane", "Value", "1", "PropagateAtLaunch", true);
    Map<String, Object> parameterTag = Map.of("Key", "spotkube.io/admin-kubeconfig-parameter",
        "Value", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(
            List.of("/admin/kubeconfig")))))), "PropagateAtLaunch", true);
    template.resourcePropertiesCountIs("AWS::AutoScaling::AutoScalingGroup",
        Map.of("Tags", Match.arrayWith(List.of(roleTag, parameterTag))), 3);
    template.resourcePropertiesCountIs("AWS::AutoScaling::AutoScalingGroup",
        Map.of("Tags", Match.arrayWith(List.of(Match.objectLike(Map.of("Key", "k8s.io/role/control-plane"))))), 3);
  }

  @Test
  void controlPlaneUserDataNamesTheParameterAndTheKeyNotAnySecret() {
    List<String> userData = new ArrayList<>();
    template.findResources("AWS::EC2::LaunchTemplate").values().forEach(lt -> userData.add(lt.toString()));
    assertThat(userData).filteredOn(text -> text.contains("NODE_ROLE='control-plane'"))
        .singleElement().asString().contains(keyId, "ADMIN_KUBECONFIG_PARAMETER='/spotkube/spot-kops-cluster/");
    assertThat(userData).filteredOn(text -> text.contains("NODE_ROLE='worker'")).isNotEmpty()
        .allSatisfy(text -> assertThat(text).contains("ADMIN_KUBECONFIG_KEY=''").doesNotContain(keyId));
    assertThat(template.toJSON().toString()).doesNotContain("client-key-data", "PRIVATE KEY");
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> keyPolicyStatements() {
    Map<String, Object> key = template.findResources("AWS::KMS::Key").get(keyId);
    Map<String, Object> properties = (Map<String, Object>) key.get("Properties");
    return (List<Map<String, Object>>) ((Map<String, Object>) properties.get("KeyPolicy")).get("Statement");
  }

  @SuppressWarnings("unchecked")
  private static List<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof List<?> list ? (List<String>) list : List.of((String) action);
  }

  private static String principal(Map<String, Object> statement) {
    return String.valueOf(statement.get("Principal"));
  }
}
