package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's Deployment that the tutorial cluster ships (the add-on asset in cdk.out) starts a
 * runtime that accepts its arguments: {@code run ... --dry-run} with the manifest's args, the
 * deploy-time {{placeholders}} filled in as the control plane fills them.
 */
class RuntimeManifestAcceptedTest {

  @Test
  void runtimeAcceptsTheArgumentsOfTheShippedDeployment() throws Exception {
    ExampleAppSynth synth = ExampleAppSynth.create();
    synth.app.synth();
    List<String> args = deploymentArgs(synth.outdir);
    assertThat(args).first().isEqualTo("run");

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        ExampleAppSynth.repositoryRoot().resolve("runtime/target/spotkube-runtime.jar").toString()));
    for (String arg : args) {
      command.add(arg.replace("{{QUEUE_URL}}", "https://sqs.eu-west-1.amazonaws.com/123456789012/q")
          .replace("{{AWS_REGION}}", "eu-west-1").replace("{{RUNTIME_IMAGE}}", "example/runtime:1"));
    }
    command.add("--dry-run");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)",
        "autoscaler (cluster spot-kops-cluster, expander random)");
  }

  /** The runtime's Deployment among the add-on assets (the cloud controller manager's is another). */
  private static List<String> deploymentArgs(Path outdir) throws Exception {
    List<Path> manifests;
    try (Stream<Path> files = Files.list(outdir)) {
      manifests = files.filter(path -> path.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    ObjectMapper yaml = new ObjectMapper();
    YAMLFactory factory = new YAMLFactory();
    for (Path manifest : manifests) {
      try (YAMLParser parser = factory.createParser(manifest.toFile())) {
        for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
          if ("Deployment".equals(document.path("kind").asText())
              && "spotkube-runtime".equals(document.path("metadata").path("name").asText())) {
            List<String> args = new ArrayList<>();
            document.path("spec").path("template").path("spec").path("containers").get(0).path("args")
                .forEach(arg -> args.add(arg.asText()));
            return args;
          }
        }
      }
    }
    throw new AssertionError("no spotkube-runtime Deployment among the add-on manifests " + manifests);
  }
}
