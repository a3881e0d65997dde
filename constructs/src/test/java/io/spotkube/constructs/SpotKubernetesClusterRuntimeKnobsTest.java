package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The cluster-autoscaler guide's knobs as cluster props (issue 14): checked in the runtime manifest
 * the cluster ships (the add-on asset in the cloud assembly), flag names from the contract.
 */
class SpotKubernetesClusterRuntimeKnobsTest {

  private static SpotKubernetesClusterProps.Builder props() {
    return SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"));
  }

  /** The shipped runtime manifest of a cluster synthesized with {@code props} into a fresh directory. */
  private static String shippedManifest(SpotKubernetesClusterProps props) throws IOException {
    Path outdir = Files.createTempDirectory("knobs");
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
    Stack stack = new Stack(app, "Knobs", StackProps.builder()
        .env(Environment.builder().region("eu-west-1").build()).build());
    new SpotKubernetesCluster(stack, "Cluster", props);
    app.synth();
    try (Stream<Path> files = Files.walk(outdir)) {
      List<String> manifests = files.filter(path -> path.toString().endsWith(".yaml")).map(path -> {
        try {
          return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).filter(text -> text.contains("kind: Deployment") && text.contains("name: spotkube-runtime")).toList();
      assertThat(manifests).as("the runtime manifest among the assets of " + outdir).hasSize(1);
      return manifests.get(0);
    }
  }

  @Test
  void theGuidesKnobsAreTheRuntimesArgsAndResources() throws IOException {
    String manifest = shippedManifest(props()
        .skipNodesWithSystemPods(false)
        .skipNodesWithLocalStorage(false)
        .scanInterval(Duration.seconds(30))
        .maxNodeProvisionTime(Duration.minutes(20))
        .runtimeCpuRequestMillis(500)
        .runtimeCpuLimitMillis(2000)
        .runtimeMemoryMib(1024)
        .build());

    assertThat(manifest).contains("- --skip-nodes-with-system-pods=false", "- --skip-nodes-with-local-storage=false",
        "- --scan-interval=30s", "- --max-node-provision-time=20m");
    assertThat(manifest).containsPattern("cpu: 500m[\\s\\S]*cpu: 2000m|cpu: 2000m[\\s\\S]*cpu: 500m")
        .contains("memory: 1024Mi").doesNotContain("memory: 512Mi");
  }

  @Test
  void theDefaultsAreUpstreams() throws IOException {
    String manifest = shippedManifest(props().build());

    assertThat(manifest).contains("- --skip-nodes-with-system-pods=true", "- --skip-nodes-with-local-storage=true",
        "- --scan-interval=10s", "- --max-node-provision-time=15m", "memory: 512Mi");
  }

  @Test
  void badKnobsAreRefusedNamingTheProp() {
    List<UnaryOperator<SpotKubernetesClusterProps.Builder>> bad = List.of(
        builder -> builder.scanInterval(Duration.seconds(0)),
        builder -> builder.maxNodeProvisionTime(Duration.seconds(30)),
        builder -> builder.runtimeCpuRequestMillis(3000),
        builder -> builder.runtimeMemoryMib(64));
    List<String> messages = List.of("scanInterval (", "maxNodeProvisionTime (",
        "runtimeCpuRequestMillis (3000) should be <= runtimeCpuLimitMillis (1000)", "runtimeMemoryMib (64) must be");
    for (int i = 0; i < bad.size(); i++) {
      UnaryOperator<SpotKubernetesClusterProps.Builder> change = bad.get(i);
      assertThatThrownBy(() -> new SpotKubernetesCluster(new Stack(new App(), "Bad"), "Cluster",
          change.apply(props()).build())).hasMessageContaining(messages.get(i));
    }
  }
}
