package io.spotkube.test.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's real jar as a child process of the harness: started with {@code java OPTIONS -jar
 * JAR run ...}, observed only from outside (its /readyz and /metrics, /proc, its GC log, jcmd), as
 * a pod's would be. Every command line the benchmarks give the jar is built here.
 */
final class RuntimeProcess implements AutoCloseable {

  static final String REGION = "eu-west-1";
  private static final Pattern GC_PAUSE = Pattern.compile(
      "(Pause \\w+).*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String label;
  final long pid;
  private final Process process;
  private final Path log;
  private final Path gcLog;
  private final int metricsPort;

  private RuntimeProcess(String label, Process process, Path log, Path gcLog, int metricsPort) {
    this.label = label;
    this.process = process;
    this.pid = process.pid();
    this.log = log;
    this.gcLog = gcLog;
    this.metricsPort = metricsPort;
  }

  /**
   * The interruption handler alone, in queue mode: the flags a user of upstream's handler would set
   * for this queue, and the managed-tag check off as the harness has always run it (so figures stay
   * comparable with earlier runs; the moto instances do carry the tag, MotoInstances). No
   * {@code --aws-endpoint}: the endpoints come from {@link #handlerEndpoints}, which every commit's
   * SDK honours, whether it calls SQS alone or EC2 too.
   */
  static List<String> handlerArgs(String queueUrl, int metricsPort) {
    return List.of("run", "--queue-url", queueUrl, "--aws-region", REGION,
        "--check-tag-before-draining=false", "--metrics-address", "127.0.0.1", "--metrics-port",
        Integer.toString(metricsPort));
  }

  /**
   * SQS at the local queue server, EC2 at moto: the AWS SDK's service-specific endpoint variables,
   * which it reads when the client has no endpoint override (the runtime sets one only for
   * {@code --aws-endpoint} / {@code AWS_ENDPOINT_URL}, which would send every service to one server).
   */
  static Map<String, String> handlerEndpoints(URI sqs, URI ec2) {
    return Map.of("AWS_ENDPOINT_URL_SQS", sqs.toString(), "AWS_ENDPOINT_URL_EC2", ec2.toString());
  }

  /**
   * The shipped Deployment's arguments (both controllers), the deploy-time placeholders filled in as
   * the control plane's add-on timer fills them, the metrics port moved to a free one (a pod has its
   * own network; the harness has not).
   */
  static List<String> shippedArgs(List<String> deploymentArgs, String queueUrl, int metricsPort) {
    List<String> args = new ArrayList<>();
    for (String arg : deploymentArgs) {
      args.add(arg.startsWith("--metrics-port") ? "--metrics-port=" + metricsPort
          : arg.replace("{{QUEUE_URL}}", queueUrl).replace("{{AWS_REGION}}", REGION));
    }
    return args;
  }

  /**
   * Starts {@code java jvmOptions -jar jar args}; its output goes to DIR/LABEL.log and its GC log
   * (peak and live heap, read afterwards) to DIR/LABEL-gc.log. {@code -XX:+ExitOnOutOfMemoryError}
   * as in the runtime's image: out of memory, the process ends as the pod would be restarted.
   */
  static RuntimeProcess start(String label, List<String> jvmOptions, Path jar, List<String> args,
      Map<String, String> env, Path dir, int metricsPort) throws IOException {
    Path log = dir.resolve(label + ".log");
    Path gcLog = dir.resolve(label + "-gc.log");
    List<String> command = new ArrayList<>(List.of(javaBinary("java")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog, "-jar", jar.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    // Only the endpoints given here: one inherited from the harness's shell (AWS_ENDPOINT_URL) would
    // override them all.
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL"));
    builder.environment().putAll(env);
    Files.writeString(dir.resolve(label + ".command"), String.join(" ", command) + "\n");
    return new RuntimeProcess(label, builder.start(), log, gcLog, metricsPort);
  }

  /** Waits until /readyz answers 200 (the informers synced, every service started). */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(label + " exited with " + process.exitValue() + " before it was ready:\n"
            + logTail(3000));
      }
      if (ready()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(label + " not ready after " + timeout + ":\n" + logTail(3000));
  }

  /** /readyz answers 200 now. */
  boolean ready() {
    return get("/readyz") == 200;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The exit code, or null while it runs. */
  Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** The sum of a metric's samples whose labels include {@code labels} (name="value" pairs); NaN if absent. */
  double metric(String name, String... labels) {
    String text = scrape();
    double total = Double.NaN;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean matches = true;
      for (String label : labels) {
        matches &= line.contains(label);
      }
      if (matches) {
        total = (Double.isNaN(total) ? 0 : total) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  double cpuSeconds() {
    return ProcStat.cpuSeconds(pid);
  }

  double peakRssMib() {
    return ProcStat.peakRssMib(pid);
  }

  /** The largest heap in use when a collection started (MiB, from the GC log): the peak, garbage included. */
  double peakHeapMib() throws IOException {
    double peak = Double.NaN;
    for (Matcher pause : pauses()) {
      peak = Double.isNaN(peak) ? mib(pause, 2) : Math.max(peak, mib(pause, 2));
    }
    return peak;
  }

  /** Runs a full collection (jcmd GC.run) and returns the heap left after it (MiB): the live set. */
  double liveHeapAfterFullGcMib() throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(javaBinary("jcmd"), Long.toString(pid), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    jcmd.waitFor(60, TimeUnit.SECONDS);
    Thread.sleep(500); // the GC log is written asynchronously
    double live = Double.NaN;
    for (Matcher pause : pauses()) {
      if (pause.group(1).equals("Pause Full")) {
        live = mib(pause, 4);
      }
    }
    return live;
  }

  boolean logContains(String text) throws IOException {
    return Files.exists(log) && Files.readString(log).contains(text);
  }

  String logTail(int chars) {
    try {
      String text = Files.readString(log);
      return text.substring(Math.max(0, text.length() - chars));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM (the runtime stops its services), then SIGKILL after 25 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(25, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private List<Matcher> pauses() throws IOException {
    List<Matcher> pauses = new ArrayList<>();
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher matcher = GC_PAUSE.matcher(line);
        if (matcher.find()) {
          pauses.add(matcher);
        }
      }
    }
    return pauses;
  }

  private static double mib(Matcher pause, int group) {
    double value = Double.parseDouble(pause.group(group));
    return switch (pause.group(group + 1)) {
      case "K" -> value / 1024;
      case "G" -> value * 1024;
      default -> value;
    };
  }

  private String scrape() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException | InterruptedException unreachable) {
      return "";
    }
  }

  private int get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | InterruptedException unreachable) {
      return -1;
    }
  }

  static String javaBinary(String tool) {
    Path path = Path.of(System.getProperty("java.home"), "bin", tool);
    return Files.isExecutable(path) ? path.toString() : tool;
  }
}
