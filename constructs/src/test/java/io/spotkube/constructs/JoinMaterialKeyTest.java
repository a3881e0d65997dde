package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * The join material's key, its key policy, the roles' grants, the state store's backup scoping and
 * the control plane's downloaded scripts, on the synthesized template.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinMaterialKeyTest {

  private static final Map<String, Object> PARTITION = Map.of("Ref", "AWS::Partition");
  private static final Map<String, Object> REGION = Map.of("Ref", "AWS::Region");
  private static final Map<String, Object> ACCOUNT = Map.of("Ref", "AWS::AccountId");
  private static final Map<String, Object> VIA_SSM = Map.of("Fn::Join", List.of("", List.of("ssm.", REGION, ".amazonaws.com")));

  private Template template;
  private String keyId;
  private String bucket;

  @BeforeAll
  void synthesizeCluster() {
    Stack stack = new Stack(new App(), "JoinMaterial", StackProps.builder()
        .env(Environment.builder().region("eu-west-1").build()).build());
    SpotKubernetesCluster cluster = new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .build());
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder().minCapacity(2).maxCapacity(2).build());
    template = Template.fromStack(stack);
    keyId = template.findResources("AWS::KMS::Key").keySet().stream()
        .filter(id -> id.startsWith("ClusterJoinMaterialKey")).findFirst().orElseThrow();
    bucket = template.findResources("AWS::S3::Bucket").keySet().stream()
        .filter(id -> id.startsWith("ClusterStateStoreBucket")).findFirst().orElseThrow();
  }

  private Map<String, Object> parameterArn(String suffix) {
    return Map.of("Fn::Join", List.of("", List.of("arn:", PARTITION, ":ssm:", REGION, ":", ACCOUNT,
        ":parameter/spotkube/spot-kops-cluster/", Map.of("Ref", bucket), suffix)));
  }

  private Map<String, Object> controlPlaneConditions() {
    return Map.of("StringEquals", Map.of("kms:ViaService", VIA_SSM),
        "StringLike", Map.of("kms:EncryptionContext:PARAMETER_ARN", parameterArn("/join/*")));
  }

  private Map<String, Object> workerConditions() {
    return Map.of("StringEquals", Map.of("kms:ViaService", VIA_SSM,
        "kms:EncryptionContext:PARAMETER_ARN", List.of(parameterArn("/join/ca-cert-hash"))));
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> keyPolicyStatements() {
    Map<String, Object> key = template.findResources("AWS::KMS::Key").get(keyId);
    Map<String, Object> properties = (Map<String, Object>) key.get("Properties");
    return (List<Map<String, Object>>) ((Map<String, Object>) properties.get("KeyPolicy")).get("Statement");
  }

  @Test
  void theKeyRotatesAndTheAccountAdministersItWithoutUsingIt() {
    template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
        "Description", Match.stringLikeRegexp(".*join material.*")));
    assertThat(keyPolicyStatements()).filteredOn(s -> s.toString().contains(":root")).singleElement()
        .satisfies(s -> assertThat(s.get("Action").toString()).doesNotContain("kms:*", "kms:Encrypt", "kms:Decrypt",
            "kms:GenerateDataKey", "kms:ReEncrypt", "kms:CreateGrant"));
  }

  @Test
  void theKeyPolicyLetsTheControlPlaneUseTheJoinPathAndWorkersDecryptOnlyTheCaHashThroughSsm() {
    template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
        Map.of("Sid", "ControlPlaneUsesTheJoinMaterial", "Effect", "Allow",
            "Principal", Map.of("AWS", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^ClusterControlPlaneRole.*"), "Arn"))),
            "Action", List.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"), "Resource", "*",
            "Condition", controlPlaneConditions()),
        Map.of("Sid", "OnDemandNodesReadTheCaCertHash", "Effect", "Allow",
            "Principal", Map.of("AWS", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^ClusterOnDemandNodeRole.*"), "Arn"))),
            "Action", "kms:Decrypt", "Resource", "*", "Condition", workerConditions()),
        Map.of("Sid", "SpotNodesReadTheCaCertHash", "Effect", "Allow",
            "Principal", Map.of("AWS", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^ClusterSpotNodeRole.*"), "Arn"))),
            "Action", "kms:Decrypt", "Resource", "*", "Condition", workerConditions()))))));
    assertThat(keyPolicyStatements()).hasSize(4);
  }

  @Test
  void eachRolesPolicyUsesTheKeyOnlyThroughSsmForItsOwnParameters() {
    Map<String, Object> keyArn = Map.of("Fn::GetAtt", List.of(keyId, "Arn"));
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^ClusterControlPlaneRole.*"))),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of("Effect", "Allow",
            "Action", List.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"), "Resource", keyArn,
            "Condition", controlPlaneConditions()))))));
    for (String role : List.of("^ClusterSpotNodeRole.*", "^ClusterOnDemandNodeRole.*")) {
      template.hasResourceProperties("AWS::IAM::Policy", Map.of(
          "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp(role))),
          "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of("Effect", "Allow",
              "Action", "kms:Decrypt", "Resource", keyArn, "Condition", workerConditions()))))));
    }
  }

  @Test
  void theControlPlaneUserDataNamesTheKeyAndDownloadsItsTimerScripts() {
    String controlPlane = template.findResources("AWS::EC2::LaunchTemplate").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("ClusterControlPlaneLaunchTemplate")).map(entry -> entry.getValue().toString())
        .findFirst().orElseThrow();
    assertThat(controlPlane).contains("readonly JOIN_MATERIAL_KEY=', {Fn::GetAtt=[" + keyId + ", Arn]}, '",
        "readonly ADDONS_SCRIPT_URL=', {Fn::Sub=s3://cdk-", "readonly ETCD_BACKUP_SCRIPT_URL=', {Fn::Sub=s3://cdk-", "readonly ETCD_BACKUP_PREFIX='etcd-backups/'",
        "readonly ETCD_BACKUP_INTERVAL_MINUTES='60'", "readonly ETCD_BACKUPS_KEPT='24'", "readonly JOIN_TOKEN_TTL='1h0m0s'");
  }

  @Test
  void theControlPlaneWritesTheStateStoreOnlyUnderTheBackupPrefixAndReadsTheAddons() {
    String policy = template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("ClusterControlPlaneRole")).map(entry -> entry.getValue().toString())
        .findFirst().orElseThrow();
    assertThat(policy).contains("/etcd-backups/*", "/addons/*", "s3:PutObject").doesNotContainPattern(
        "Fn::GetAtt=\\[" + bucket + ", Arn\\]\\}, /\\*\\]");
    template.hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules", List.of(Map.of(
        "Id", "EtcdBackupsDeletedAWeekAgo", "Prefix", "etcd-backups/", "Status", "Enabled",
        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 7),
        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1))))));
  }
}
