package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.manifests.EbsCsiDriverManifests;
import java.io.IOException;
import java.nio.file.Files;
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
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The Amazon EBS CSI driver add-on of SpotKubernetesCluster: on by default, its IAM scoped by tags, and a prop to turn it off. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EbsCsiDriverAddonTest {

  private static final String CLUSTER_TAG = "kubernetes.io/cluster/spot-kops-cluster";
  private static final Map<String, Object> REQUESTS_BOTH_TAGS = Map.of("StringEquals", Map.of(
      "aws:RequestTag/ebs.csi.aws.com/cluster", "true", "aws:RequestTag/" + CLUSTER_TAG, "owned"));
  private static final Map<String, Object> CARRIES_BOTH_TAGS = Map.of("StringEquals", Map.of(
      "aws:ResourceTag/ebs.csi.aws.com/cluster", "true", "aws:ResourceTag/" + CLUSTER_TAG, "owned"));

  private App app;
  private Template template;

  private static Template synth(App app, boolean ebsCsiDriver, int controlPlanes) {
    Stack stack = new Stack(app, "Tutorial", StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
    new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .controlPlaneCount(controlPlanes)
        .ebsCsiDriver(ebsCsiDriver)
        .build());
    return Template.fromStack(stack);
  }

  @BeforeAll
  void synthesizeTheDefaultCluster() {
    app = new App();
    template = synth(app, true, 3);
  }

  /** A resource ARN of the stack's partition, region and account ending in the given literal. */
  private static Map<String, Object> arnEndingIn(String suffix) {
    return Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(suffix))));
  }

  private static Map<String, Object> manifestParameterName() {
    return Map.of("Name", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
        Match.stringLikeRegexp(".*/addons/aws-ebs-csi-driver\\.yaml"))))));
  }

  @Test
  void theControlPlaneRoleHoldsTheDriversStatementsEachScopedByTheDriversAndTheClustersTags() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ClusterControlPlaneRole.*"))),
        "PolicyName", Match.stringLikeRegexp(".*EbsCsiDriverPolicy.*"),
        "PolicyDocument", Map.of("Statement", List.of(
            Map.of("Effect", "Allow", "Action", EbsCsiDriverPermissions.DESCRIBE_ACTIONS, "Resource", "*"),
            Map.of("Effect", "Allow", "Action", "ec2:CreateVolume", "Resource", arnEndingIn(":volume/*"),
                "Condition", REQUESTS_BOTH_TAGS),
            Map.of("Effect", "Allow", "Action", "ec2:CreateVolume", "Resource", arnEndingIn(":*:snapshot/*"),
                "Condition", CARRIES_BOTH_TAGS),
            Map.of("Effect", "Allow", "Action", "ec2:CreateSnapshot", "Resource", arnEndingIn(":*:snapshot/*"),
                "Condition", REQUESTS_BOTH_TAGS),
            Map.of("Effect", "Allow", "Action", "ec2:CreateSnapshot", "Resource", arnEndingIn(":volume/*"),
                "Condition", CARRIES_BOTH_TAGS),
            Map.of("Effect", "Allow", "Action", "ec2:CreateTags",
                "Resource", List.of(arnEndingIn(":volume/*"), arnEndingIn(":*:snapshot/*")),
                "Condition", Map.of("StringEquals", Map.of("ec2:CreateAction", List.of("CreateVolume", "CreateSnapshot"),
                    "aws:RequestTag/" + CLUSTER_TAG, "owned"))),
            Map.of("Effect", "Allow", "Action", EbsCsiDriverPermissions.VOLUME_WRITE_ACTIONS, "Resource", arnEndingIn(":volume/*"),
                "Condition", CARRIES_BOTH_TAGS),
            Map.of("Effect", "Allow", "Action", EbsCsiDriverPermissions.SNAPSHOT_WRITE_ACTIONS,
                "Resource", arnEndingIn(":*:snapshot/*"), "Condition", CARRIES_BOTH_TAGS),
            Map.of("Effect", "Allow", "Action", List.of("ec2:AttachVolume", "ec2:DetachVolume"),
                "Resource", arnEndingIn(":instance/*"),
                "Condition", Map.of("StringEquals", Map.of("aws:ResourceTag/" + CLUSTER_TAG, "owned")))))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void noStatementLetsTheDriverCreateOrChangeAVolumeWithoutACondition() {
    String policies = template.findResources("AWS::IAM::Policy").toString();
    List<Map<String, Object>> statements = template.findResources("AWS::IAM::Policy").values().stream()
        .flatMap(policy -> ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) policy.get("Properties"))
            .get("PolicyDocument")).get("Statement")).stream())
        .toList();

    assertThat(policies).contains("ec2:CreateVolume");
    assertThat(statements).filteredOn(s -> String.valueOf(s.get("Action")).matches(
        ".*ec2:(CreateVolume|DeleteVolume|AttachVolume|DetachVolume|ModifyVolume|CreateSnapshot|DeleteSnapshot).*"))
        .hasSize(7).allSatisfy(s -> assertThat(String.valueOf(s.get("Condition"))).contains(CLUSTER_TAG));
  }

  @Test
  void theManifestIsAnAssetTheAddonTimerFindsInSsmAndTheControlPlaneMayRead() throws IOException {
    Map<String, Map<String, Object>> parameters = template.findResources("AWS::SSM::Parameter",
        Map.of("Properties", manifestParameterName()));
    assertThat(parameters).hasSize(1);
    String value = parameters.values().iterator().next().toString();
    Matcher hash = Pattern.compile("([0-9a-f]{64})\\.yaml").matcher(value);
    assertThat(hash.find()).as(value).isTrue();

    String yaml = Files.readString(Path.of(app.synth().getDirectory()).resolve("asset." + hash.group(1) + ".yaml"));
    assertThat(yaml).contains("kind: CSIDriver", "name: gp3", "--k8s-tag-cluster-id=spot-kops-cluster",
        EbsCsiDriverManifests.DRIVER_IMAGE, "replicas: 2");
    String controlPlanePolicy = template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("ClusterControlPlaneRole")).map(entry -> entry.getValue().toString())
        .findFirst().orElseThrow();
    assertThat(controlPlanePolicy).contains("/" + hash.group(1) + ".yaml");
  }

  @Test
  void withEbsCsiDriverFalseNeitherTheManifestNorItsPermissionsAreThere() {
    Template without = synth(new App(), false, 3);

    assertThat(without.findResources("AWS::SSM::Parameter", Map.of("Properties", manifestParameterName()))).isEmpty();
    assertThat(without.findResources("AWS::IAM::Policy").toString()).doesNotContain("ec2:CreateVolume", "ec2:AttachVolume");
  }

  @Test
  void oneControlPlaneInstanceGetsOneControllerReplica() throws IOException {
    App single = new App();
    Template one = synth(single, true, 1);
    String value = one.findResources("AWS::SSM::Parameter", Map.of("Properties", manifestParameterName())).toString();
    Matcher hash = Pattern.compile("([0-9a-f]{64})\\.yaml").matcher(value);
    assertThat(hash.find()).isTrue();

    String yaml = Files.readString(Path.of(single.synth().getDirectory()).resolve("asset." + hash.group(1) + ".yaml"));
    assertThat(yaml).contains("replicas: 1");
  }
}
