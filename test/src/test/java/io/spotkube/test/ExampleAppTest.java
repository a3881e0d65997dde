package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The example app of cdk.json, synthesized as `cdk synth` does. */
class ExampleAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Two JVMs, as two `cdk synth` runs are: hash ordering (Map.of) and the like differ between
   * processes, not within one.
   */
  @Test
  void synthesizingTwiceInSeparateProcessesGivesByteIdenticalOutput() throws Exception {
    Path first = ExampleAppSynth.synthesizeInNewJvm();
    Path second = ExampleAppSynth.synthesizeInNewJvm();

    Map<String, String> firstFiles = contents(first);
    Map<String, String> secondFiles = contents(second);
    assertThat(firstFiles).containsKeys("SpotKopsCluster.template.json", "SpotEksCluster.template.json");
    assertThat(secondFiles).isEqualTo(firstFiles);
  }

  @Test
  void exampleAppHasNoUnsuppressedAwsSolutionsFindings() {
    ExampleAppSynth synth = ExampleAppSynth.create();
    Aspects.of(synth.app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

    List<SynthesisMessage> errors = Annotations.fromStack(synth.stack).findError("*", Match.stringLikeRegexp(".*"));
    List<SynthesisMessage> warnings = Annotations.fromStack(synth.stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*|CdkNag.*"));

    assertThat(describe(errors)).isEmpty();
    assertThat(describe(warnings)).isEmpty();
  }

  @Test
  void adminRoleArnContextGrantsThatRoleTheWayInAndTheOutputsNameTheParameterAndTheCommand() {
    ExampleAppSynth synth = ExampleAppSynth.create(Map.of("adminRoleArn", "arn:aws:iam::123456789012:role/ClusterAdmins"));
    Aspects.of(synth.app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    Template template = Template.fromStack(synth.stack);

    template.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of("ClusterAdmins"),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
            Match.objectLike(Map.of("Action", "ssm:GetParameter")), Match.objectLike(Map.of("Action", "kms:Decrypt")))))));
    template.hasOutput("AdminKubeconfigParameter", Map.of("Value", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(
        List.of(Match.arrayWith(List.of("/admin/kubeconfig"))))))));
    template.hasOutput("KubeconfigCommand", Map.of("Value", Map.of("Fn::Join", List.of("", List.of(
        "scripts/export-kubeconfig.sh spot-kops-cluster --region ", Map.of("Ref", "AWS::Region"))))));
    assertThat(describe(Annotations.fromStack(synth.stack).findError("*", Match.stringLikeRegexp(".*")))).isEmpty();
    assertThat(describe(Annotations.fromStack(synth.stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*|CdkNag.*"))))
        .isEmpty();
  }

  @Test
  void scaleDownTimesFromContextReachTheShippedRuntimeArgumentsAndABadOneIsNamed() {
    ExampleAppSynth synth = ExampleAppSynth.create(Map.of("scaleDownUnneededTime", "30s", "scaleDownDelayAfterAdd", "1m"));
    synth.app.synth();
    assertThat(addonManifests(synth.outdir)).contains("--scale-down-unneeded-time=30s", "--scale-down-delay-after-add=1m");

    assertThatThrownBy(() -> ExampleAppSynth.create(Map.of("scaleDownUnneededTime", "2 minutes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("context scaleDownUnneededTime: give a duration such as 30s, 2m or 1h, got '2 minutes'");
  }

  private static String addonManifests(java.nio.file.Path outdir) {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(outdir)) {
      StringBuilder text = new StringBuilder();
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        text.append(java.nio.file.Files.readString(file));
      }
      return text.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void exampleAppHasTheTutorialsTwoSpotGroupsOneToFiveNodesAndTheQueue() {
    Template template = Template.fromStack(ExampleAppSynth.create().stack);

    // 3 control-plane groups, the on-demand nodes, the two Spot groups
    template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 6);
    template.resourcePropertiesCountIs("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MinSize", "1", "MaxSize", "5", "CapacityRebalance", true,
        "MixedInstancesPolicy", Map.of("InstancesDistribution", Map.of(
            "OnDemandBaseCapacity", 0, "OnDemandPercentageAboveBaseCapacity", 0,
            "SpotAllocationStrategy", "capacity-optimized"))), 2);
    template.resourceCountIs("AWS::Events::Rule", 7);
    template.resourceCountIs("AWS::EC2::Subnet", 6);
    template.resourceCountIs("AWS::EC2::NatGateway", 3);
  }

  /**
   * aws-cdk-lib's built-in CloudFormation validation plugin (on unless the environment has
   * CDK_VALIDATION=false, which cdk.json sets to keep `cdk synth` quick) writes
   * validation-report.json into the cloud assembly. By default it downgrades its errors to
   * warnings; @aws-cdk/core:validateAgainstDefaultRules keeps them errors, and not failing the
   * synth on them lets this test read and list them.
   */
  @Test
  void cloudFormationValidationOfTheSynthReportsNoErrors() throws IOException {
    assertThat(System.getenv("CDK_VALIDATION")).as("CDK_VALIDATION in the test's environment").isNotEqualTo("false");
    ExampleAppSynth synth = ExampleAppSynth.create(Map.of(
        "@aws-cdk/core:validateAgainstDefaultRules", true,
        "@aws-cdk/core:failSynthOnValidationErrors", false));
    synth.app.synth();
    Path report = synth.outdir.resolve("validation-report.json");

    assertThat(report).exists();
    JsonNode root = JSON.readTree(report.toFile());
    List<String> plugins = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    root.findParents("violations").forEach(pluginReport -> {
      plugins.add(pluginReport.path("pluginName").asText(pluginReport.path("name").asText("")));
      pluginReport.path("violations").forEach(violation -> {
        String severity = violation.path("severity").asText("");
        if (severity.equalsIgnoreCase("error") || severity.equalsIgnoreCase("fatal")) {
          errors.add(violation.toString());
        }
      });
    });
    assertThat(plugins).as("plugins in %s", report).anyMatch(name -> name.contains("CloudFormation"));
    assertThat(errors).isEmpty();
  }

  private static List<String> describe(List<SynthesisMessage> messages) {
    return messages.stream().map(message -> message.getId() + ": " + message.getEntry().getData()).toList();
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each file's SHA-256 by its path under {@code dir}. */
  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(path).toString(), sha256(Files.readAllBytes(path)));
      }
    }
    return files;
  }
}
