package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The runtime's Deployment among a synthesized app's add-on assets (the cloud controller manager's is another). */
final class RuntimeDeployment {

  private RuntimeDeployment() {
  }

  /** The container's args, with the deploy-time {{placeholders}} still in them. */
  static List<String> args(Path outdir) throws IOException {
    List<String> args = new ArrayList<>();
    container(outdir).path("args").forEach(arg -> args.add(arg.asText()));
    return args;
  }

  /** The container's environment variables that have a literal value (not the downward API's). */
  static java.util.Map<String, String> literalEnv(Path outdir) throws IOException {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    container(outdir).path("env").forEach(variable -> {
      if (variable.has("value")) {
        env.put(variable.path("name").asText(), variable.path("value").asText());
      }
    });
    return env;
  }

  private static JsonNode container(Path outdir) throws IOException {
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
            return document.path("spec").path("template").path("spec").path("containers").get(0);
          }
        }
      }
    }
    throw new AssertionError("no spotkube-runtime Deployment among the add-on manifests " + manifests);
  }

  /**
   * The args with the {{placeholders}} filled in as the control plane's add-on timer fills them
   * (example values of the add-on variables' shapes); a placeholder not known here fails loudly.
   */
  static List<String> filledIn(List<String> args) {
    List<String> filled = args.stream().map(arg -> arg
        .replace("{{QUEUE_URL}}", "https://sqs.eu-west-1.amazonaws.com/123456789012/q")
        .replace("{{AWS_REGION}}", "eu-west-1").replace("{{RUNTIME_IMAGE}}", "example/runtime:1")
        .replace("{{CLUSTER_ID}}", "arn:aws:cloudformation:eu-west-1:123456789012:stack/Contract/0a1b2c3d")
        .replace("{{NODE_ROLE_NAMES}}", "Contract-ClusterSpotNodeRole1A2B3C,Contract-ClusterOnDemandNodeRole4D5E6F"))
        .toList();
    assertThat(filled).as("placeholders left unfilled").noneMatch(arg -> arg.contains("{{"));
    return filled;
  }
}
