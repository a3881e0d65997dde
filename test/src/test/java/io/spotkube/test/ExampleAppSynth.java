package io.spotkube.test;

import io.spotkube.apps.SpotKopsClusterStack;
import io.spotkube.apps.SpotTutorialApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Synthesizes the default app of cdk.json in-process into a fresh directory. */
final class ExampleAppSynth {

  final Path outdir;
  final App app;
  final SpotKopsClusterStack stack;

  private ExampleAppSynth(Path outdir, Map<String, Object> context) {
    this.outdir = outdir;
    java.util.Map<String, Object> withRuntime = new java.util.HashMap<>(context);
    withRuntime.putIfAbsent("runtimeDirectory", repositoryRoot().resolve("runtime").toString());
    this.app = new App(AppProps.builder().outdir(outdir.toString()).context(withRuntime).build());
    this.stack = SpotTutorialApp.build(app);
  }

  static ExampleAppSynth create(Map<String, Object> context) {
    try {
      return new ExampleAppSynth(Files.createTempDirectory("spotkube-synth"), context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ExampleAppSynth create() {
    return create(Map.of());
  }

  /** Runs the app's jar as cdk.json does, in a new JVM, into a fresh directory; returns it. */
  static Path synthesizeInNewJvm() throws IOException, InterruptedException {
    Path outdir = Files.createTempDirectory("spotkube-synth");
    Path jar = repositoryRoot().resolve("apps/target/spotkube-apps.jar");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
        .directory(repositoryRoot().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("CDK_OUTDIR", outdir.toString());
    // As cdk.json runs the app: the CDK CLI's built-in template validation off (cfn-lint and checkov
    // run on the output instead); with it on, the jsii kernel kept validating long after synth.
    builder.environment().put("CDK_VALIDATION", "false");
    Process process = builder.start();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("synthesizing " + jar + " failed");
    }
    return outdir;
  }

  /** The repository root, passed by surefire (test/pom.xml). */
  static Path repositoryRoot() {
    return Path.of(System.getProperty("spotkube.root", "..")).toAbsolutePath().normalize();
  }
}
