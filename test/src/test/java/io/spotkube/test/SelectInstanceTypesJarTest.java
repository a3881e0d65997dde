package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runtime jar's select-instance-types, run as a user runs it, prints the same list the
 * example app writes into each Spot group's MixedInstancesPolicy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectInstanceTypesJarTest {

  private ExampleAppSynth synth;

  @BeforeAll
  void synthesizeExampleApp() {
    synth = ExampleAppSynth.create();
  }

  @Test
  void twoVcpuGroupHoldsWhatTheCommandPrints() throws Exception {
    List<String> printed = selectInstanceTypes("m5.large");

    assertThat(printed).contains("m5.large").noneMatch(name -> name.startsWith("t"))
        .noneMatch(name -> name.matches("^[a-z]+[1-3].*")).noneMatch(name -> name.startsWith("g") || name.startsWith("p"));
    assertThat(synth.stack.getTwoVcpuGroup().getInstanceTypes()).isEqualTo(printed);
    assertThat(overridesInTemplate(synth.stack.getTwoVcpuGroup().getNodeGroupName())).isEqualTo(printed);
  }

  @Test
  void fourVcpuGroupHoldsWhatTheCommandPrints() throws Exception {
    List<String> printed = selectInstanceTypes("m5.xlarge");

    assertThat(printed).contains("m5.xlarge");
    assertThat(overridesInTemplate(synth.stack.getFourVcpuGroup().getNodeGroupName())).isEqualTo(printed);
  }

  private List<String> overridesInTemplate(String groupName) {
    return software.amazon.awscdk.assertions.Template.fromStack(synth.stack)
        .findResources("AWS::AutoScaling::AutoScalingGroup").values().stream()
        .map(resource -> (java.util.Map<?, ?>) resource.get("Properties"))
        .filter(properties -> ((List<?>) properties.get("Tags")).stream()
            .map(tag -> (java.util.Map<?, ?>) tag)
            .anyMatch(tag -> "kops.k8s.io/instancegroup".equals(tag.get("Key")) && groupName.equals(tag.get("Value"))))
        .map(properties -> (java.util.Map<?, ?>) properties.get("MixedInstancesPolicy"))
        .map(policy -> (java.util.Map<?, ?>) policy.get("LaunchTemplate"))
        .flatMap(launchTemplate -> ((List<?>) launchTemplate.get("Overrides")).stream())
        .map(override -> (String) ((java.util.Map<?, ?>) override).get("InstanceType"))
        .toList();
  }

  /** {@code java -jar runtime/target/spotkube-runtime.jar select-instance-types} with the tutorial's flags. */
  private static List<String> selectInstanceTypes(String baseInstanceType) throws IOException, InterruptedException {
    Path jar = ExampleAppSynth.repositoryRoot().resolve("runtime/target/spotkube-runtime.jar");
    assertThat(jar).as("the runtime jar is built before the integration tests").exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "select-instance-types", "--base-instance-type", baseInstanceType, "--burst-support", "false",
        "--deny-list", "^?[1-3].*\\..*", "--gpus", "0", "--usage-class", "spot"));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    return stdout.lines().toList();
  }
}
