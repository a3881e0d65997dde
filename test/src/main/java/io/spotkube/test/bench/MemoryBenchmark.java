package io.spotkube.test.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * scripts/bench-memory.sh: does the runtime, both controllers on, fit its default memory on a
 * 10,000-pod cluster? One real API server with N kwok nodes (8 application pods and 2 DaemonSet pods
 * each), Auto Scaling groups and the queue in moto; each commit's jar, one after the other, with
 * its shipped Deployment's arguments, RBAC and JVM flags, until its autoscaler has run several
 * loops (or it died, or time ran out). Reports whether it stayed up, its loops, live and peak heap
 * and peak RSS.
 *
 * <p>Arguments: {@code --contender LABEL=JAR=MANIFEST} (repeated, run in that order), {@code --dir DIR
 * --moto URL --nodes 1000 --groups 4 --loops 6 --timeout-seconds 900 --jvm "OPTIONS"}.
 */
public final class MemoryBenchmark {

  /**
   * The runtime image's JVM (runtime/Dockerfile: -XX:MaxRAMPercentage=75) in the container the
   * shipped Deployment gives it (512 MiB, 1 CPU): the same 384 MiB heap and the serial collector
   * the JVM picks there.
   */
  static final String CONTAINER_JVM = "-XX:MaxRAM=512m -XX:ActiveProcessorCount=1 -XX:MaxRAMPercentage=75";
  static final String LOOPS = "cluster_autoscaler_function_duration_seconds_count";
  static final String LOOP_ERRORS = "cluster_autoscaler_errors_total";

  private MemoryBenchmark() {
  }

  /** What one jar did. */
  record Result(String label, boolean stayedUp, double readyAfter, double loops, double loopErrors,
      double liveHeap, double peakHeap, double peakRss, String note) {

    Result withNote(String more) {
      return new Result(label, stayedUp, readyAfter, loops, loopErrors, liveHeap, peakHeap, peakRss,
          note.isEmpty() ? more : note + "; " + more);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path dir = Files.createDirectories(Path.of(args.required("--dir")));
    URI moto = URI.create(args.required("--moto"));
    int nodeCount = args.integer("--nodes", 1000);
    List<String> jvm = List.of(args.text("--jvm", CONTAINER_JVM).split(" "));
    BenchKube kube = BenchKube.fromEnvironment();
    Map<String, ShippedManifest> manifests = new LinkedHashMap<>();
    Map<String, Path> jars = new LinkedHashMap<>();
    for (String spec : args.all("--contender")) {
      String[] parts = spec.split("=", 3);
      jars.put(parts[0], Path.of(parts[1]));
      manifests.put(parts[0], ShippedManifest.load(kube.admin, Path.of(parts[2])));
    }
    String clusterName = manifests.values().iterator().next().clusterName();

    String loadBefore = ProcStat.loadAverage();
    List<Result> results = new ArrayList<>();
    try (MotoGroups groups = new MotoGroups(moto, clusterName);
         SqsClient sqs = SqsClient.builder().endpointOverride(moto).region(Region.of(RuntimeProcess.REGION))
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
             .build()) {
      long setup = System.nanoTime();
      List<BenchObjects.NodeSpec> nodes = groups.create(nodeCount, args.integer("--groups", 4));
      BenchCluster cluster = new BenchCluster(kube.admin, nodes, 8, 2);
      cluster.create();
      cluster.awaitRunning(Duration.ofMinutes(20));
      String queueUrl = sqs.createQueue(request -> request.queueName(clusterName + "-termination")).queueUrl();
      Map<String, Integer> desired = groups.desiredCapacities();
      log("set-up: %d nodes in %d groups, %d pods Running, in %.0f s", nodes.size(), desired.size(),
          nodes.size() * 10, (System.nanoTime() - setup) / 1e9);
      for (String label : manifests.keySet()) {
        Result result = run(label, jars.get(label), manifests.get(label), kube, moto, queueUrl, jvm, dir,
            args.integer("--loops", 6), args.integer("--timeout-seconds", 900));
        // A steady cluster (no pending pod, every node ~88% requested): the groups should stay as they are.
        Map<String, Integer> after = groups.desiredCapacities();
        if (!after.equals(desired)) {
          result = result.withNote("desired capacities changed: " + desired + " -> " + after);
          desired = after;
        }
        results.add(result);
        log("%s", result);
      }
    }
    String loadAfter = ProcStat.loadAverage();
    System.out.printf(Locale.ROOT, "memory: %d nodes, %d pods (%d application pods, %d DaemonSet pods), Auto Scaling "
            + "groups and queue in moto, kube-apiserver %s with kwok; both controllers on (the shipped Deployment's "
            + "arguments); JVM: %s; %d cores, load average before %s, after %s%n", nodeCount, nodeCount * 10,
        nodeCount * 8, nodeCount * 2, kube.admin.getKubernetesVersion().getGitVersion(), String.join(" ", jvm),
        Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
    String row = "%-6s %-9s %-11s %-15s %-13s %-10s %-9s %s%n";
    System.out.printf(row, "who", "stayed up", "ready after", "loops ok/failed", "live heap MiB", "peak heap",
        "peak RSS", "note");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, row, r.label(), r.stayedUp() ? "yes" : "NO", number(r.readyAfter()) + " s",
          number(r.loops() - r.loopErrors()) + " / " + number(r.loopErrors()), number(r.liveHeap()),
          number(r.peakHeap()), number(r.peakRss()), r.note());
    }
    System.exit(0);
  }

  private static Result run(String label, Path jar, ShippedManifest manifest, BenchKube kube, URI moto,
      String queueUrl, List<String> jvm, Path dir, int loopsWanted, long timeoutSeconds) throws Exception {
    String namespace = manifest.serviceAccount().getMetadata().getNamespace();
    // The previous jar's leader-election Lease and status ConfigMap go, so each starts as a fresh install.
    kube.admin.leases().inNamespace(namespace).delete();
    kube.admin.configMaps().inNamespace(namespace).delete();
    String token = manifest.applyAndIssueToken(kube);
    Path kubeconfig = kube.writeKubeconfig(dir.resolve(label + ".kubeconfig"), token, namespace);
    int port = DrainRuns.freePort();
    Map<String, String> env = new LinkedHashMap<>(DrainRuns.awsEnvironment());
    env.put("AWS_ENDPOINT_URL", moto.toString());
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("POD_NAME", "spotkube-runtime-" + label);
    env.put("POD_NAMESPACE", namespace);
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
    try (RuntimeProcess runtime = RuntimeProcess.start("memory-" + label, jvm, jar,
        RuntimeProcess.shippedArgs(manifest.deploymentArgs(), queueUrl, port), env, dir, port)) {
      double readyAfter = Double.NaN;
      double peakRss = 0;
      double loops = Double.NaN;
      double errors = Double.NaN;
      while (System.nanoTime() < deadline && runtime.alive()) {
        peakRss = Math.max(peakRss, runtime.peakRssMib()); // sampled: it is gone with the process
        if (Double.isNaN(readyAfter) && runtime.ready()) {
          readyAfter = (System.nanoTime() - start) / 1e9;
        }
        loops = runtime.metric(LOOPS, "function=\"main\"");
        errors = runtime.metric(LOOP_ERRORS);
        if (!Double.isNaN(readyAfter) && loops >= loopsWanted) {
          break;
        }
        Thread.sleep(2000);
      }
      boolean up = runtime.alive();
      String note = "";
      if (!up) {
        note = String.format(Locale.ROOT, "exited with %d after %.0f s%s", runtime.exitCode(),
            (System.nanoTime() - start) / 1e9, runtime.logContains("OutOfMemoryError") ? ": OutOfMemoryError" : "");
      } else if (Double.isNaN(loops)) {
        note = "no " + LOOPS + "{function=\"main\"} on /metrics";
      } else if (loops < loopsWanted) {
        note = "only " + (long) loops + " loops within " + timeoutSeconds + " s";
      }
      double live = up ? runtime.liveHeapAfterFullGcMib() : Double.NaN;
      if (up) {
        saveStatus(kube, namespace, manifest, dir.resolve(label + "-status.txt"));
      }
      return new Result(label, up, readyAfter, loops, errors, live, runtime.peakHeapMib(), peakRss, note);
    }
  }

  /**
   * The autoscaler's status ConfigMap (cluster-autoscaler's cluster-autoscaler-status) into a file,
   * and a line to the log saying how many groups and registered nodes it saw: the check that the
   * groups were discovered and the Nodes matched to their instances.
   */
  private static void saveStatus(BenchKube kube, String namespace, ShippedManifest manifest, Path file)
      throws java.io.IOException {
    String name = manifest.deploymentArgs().stream().filter(a -> a.startsWith("--status-config-map-name="))
        .map(a -> a.substring(a.indexOf('=') + 1)).findFirst().orElse("cluster-autoscaler-status");
    var configMap = kube.admin.configMaps().inNamespace(namespace).withName(name).get();
    if (configMap == null || configMap.getData() == null) {
      log("no status ConfigMap %s/%s", namespace, name);
      return;
    }
    String status = String.join("\n", configMap.getData().values());
    Files.writeString(file, status);
    long groups = status.lines().filter(line -> line.startsWith("- name: ")).count();
    long registered = status.lines().map(String::trim).filter(line -> line.matches("registered: \\d+"))
        .mapToLong(line -> Long.parseLong(line.substring("registered: ".length()))).sum();
    log("status ConfigMap %s: %d node groups, %d nodes registered to them (%s)", name, groups, registered, file);
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
  }

  static void log(String format, Object... values) {
    System.err.printf(Locale.ROOT, "==> " + format + "%n", values);
  }
}
