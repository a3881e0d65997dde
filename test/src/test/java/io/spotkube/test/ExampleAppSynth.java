package io.spotkube.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotkube.apps.SpotKopsClusterStack;
import io.spotkube.apps.SpotTutorialApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  /**
   * Runs cdk.json's {@code app} command through a shell, as the CDK CLI does, into a fresh
   * directory; returns it. The command must exit well within {@code SYNTH_BOUND}: once, with
   * the EKS stack, the app's jsii kernel kept running for many minutes after writing the
   * templates (V8's optimizing compiler stuck in escape analysis; cdk.json's JSII_NODE turns
   * that pass off, see docs/eks.md), and `cdk synth` waited for it.
   */
  static Path synthesizeInNewJvm() throws IOException, InterruptedException {
    Path outdir = Files.createTempDirectory("spotkube-synth");
    String app = new ObjectMapper()
        .readTree(repositoryRoot().resolve("cdk.json").toFile()).path("app").asText();
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", app)
        .directory(repositoryRoot().toFile())
        .redirectErrorStream(true)
        .redirectOutput(outdir.resolveSibling(outdir.getFileName() + ".log").toFile());
    builder.environment().put("CDK_OUTDIR", outdir.toString());
    Process process = builder.start();
    if (!process.waitFor(SYNTH_BOUND.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException("cdk.json's app (" + app + ") still ran after " + SYNTH_BOUND);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("cdk.json's app (" + app + ") exited with " + process.exitValue());
    }
    return outdir;
  }

  /** A synth of both stacks takes 10-25 s here; the stuck kernel ran for more than ten minutes. */
  static final Duration SYNTH_BOUND = java.time.Duration.ofMinutes(3);

  /** The repository root, passed by surefire (test/pom.xml). */
  static Path repositoryRoot() {
    return Path.of(System.getProperty("spotkube.root", "..")).toAbsolutePath().normalize();
  }
}
