package io.spotkube.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The runtime's executable jar (runtime/target/spotkube-runtime.jar), run in a new JVM as a user or the image runs it. */
final class RuntimeJar {

  /** What a run printed (stdout and stderr together) and how it exited. */
  record Result(int exitCode, String output) {
  }

  private RuntimeJar() {
  }

  static Result run(List<String> args) throws IOException, InterruptedException {
    return run(args, null);
  }

  /** As {@link #run(List)} with exactly {@code env} as the environment (null: this JVM's). */
  static Result run(List<String> args, java.util.Map<String, String> env) throws IOException, InterruptedException {
    Path jar = ExampleAppSynth.repositoryRoot().resolve("runtime/target/spotkube-runtime.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build the runtime (mvn -pl runtime package) before these tests");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (env != null) {
      builder.environment().clear();
      builder.environment().putAll(env);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the runtime did not exit within 60 s: " + args + "\n" + output);
    }
    return new Result(process.exitValue(), output);
  }
}
