package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The control plane reads the one add-on object it needs and pulls the one runtime image, nothing
 * else of the CDK bootstrap's bucket and repository (docs/security.md); checked on the template of
 * a cluster whose runtime image is built from a Dockerfile, as the tutorial app's is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NarrowGrantsTest {

  private Template template;

  @BeforeAll
  void synthesizeWithAnImageAsset() throws IOException {
    Path runtime = Files.createTempDirectory("spotkube-runtime-image");
    Files.writeString(runtime.resolve("Dockerfile"), "FROM scratch\n");
    App app = new App();
    Stack stack = new Stack(app, "Tutorial", StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
    new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromDockerfile(runtime.toString()))
        .build());
    template = Template.fromStack(stack);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> controlPlaneStatements() {
    return template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("ClusterControlPlaneRole"))
        .flatMap(entry -> ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) entry.getValue()
            .get("Properties")).get("PolicyDocument")).get("Statement")).stream())
        .toList();
  }

  private List<Map<String, Object>> statementsMentioning(String text) {
    return controlPlaneStatements().stream().filter(statement -> statement.toString().contains(text)).toList();
  }

  @Test
  void theControlPlaneReadsOnlyTheAddonObjectsOfTheAssetsBucket() {
    List<Map<String, Object>> assetStatements = statementsMentioning("cdk-hnb659fds-assets");

    // three add-on manifests (runtime, cloud controller manager, EBS CSI driver), and the add-on and
    // etcd backup scripts the control plane downloads at boot
    assertThat(assetStatements).hasSize(5).allSatisfy(statement -> {
      assertThat(statement.get("Action")).isEqualTo("s3:GetObject");
      // one object: the bucket followed by /<content hash>.yaml or .sh, never /* nor the bucket itself
      assertThat(statement.get("Resource").toString()).matches(".*-eu-west-1}, /[0-9a-f]{64}\\.(yaml|sh)]]}");
    });
  }

  @Test
  void theControlPlanePullsFromTheOneRepositoryOfTheRuntimeImage() {
    List<Map<String, Object>> pulls = statementsMentioning("ecr:BatchGetImage");

    assertThat(pulls).hasSize(1);
    assertThat(pulls.get(0).get("Resource").toString())
        .isEqualTo("{Fn::Join=[, [arn:, {Ref=AWS::Partition}, :ecr:eu-west-1:, {Ref=AWS::AccountId}, :repository/, "
            + "{Fn::Sub=cdk-hnb659fds-container-assets-${AWS::AccountId}-eu-west-1}]]}");
    // The only ECR action on every resource: a registry token has no resource-level permission.
    assertThat(statementsMentioning("ecr:").stream().filter(statement -> "*".equals(statement.get("Resource"))))
        .extracting(statement -> statement.get("Action")).containsExactly("ecr:GetAuthorizationToken");
  }
}
