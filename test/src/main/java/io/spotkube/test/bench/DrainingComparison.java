package io.spotkube.test.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The draining benchmark of scripts/bench-compare.sh: one real API server (scripts/lib.sh), N kwok
 * nodes with P pods each, their instances in moto (server mode, started by the script) as EC2,
 * ElasticMQ in this JVM as SQS; per round, on a freshly reset cluster each: the
 * plain-client eviction floor and each commit's jar as the interruption handler (order reversed
 * every other round, so load drifts hit all alike). Prints one row per run, then the ratios.
 *
 * <p>Arguments: {@code --contender LABEL=JAR=MANIFEST} (repeated; the last is "head" for the ratios),
 * {@code --moto URL --nodes 1000 --pods 10 --rounds 1 --dir DIR --timeout-seconds 900}.
 */
public final class DrainingComparison {

  private DrainingComparison() {
  }

  /** One commit's jar and the runtime manifest its constructs ship. */
  private record Contender(String label, Path jar, ShippedManifest manifest) {
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int nodeCount = args.integer("--nodes", 1000);
    int pods = args.integer("--pods", 10);
    int rounds = args.integer("--rounds", 1);
    Path dir = Files.createDirectories(Path.of(args.required("--dir")));
    BenchKube kube = BenchKube.fromEnvironment();
    List<Contender> contenders = new ArrayList<>();
    for (String spec : args.all("--contender")) {
      String[] parts = spec.split("=", 3);
      contenders.add(new Contender(parts[0], Path.of(parts[1]), ShippedManifest.load(kube.admin, Path.of(parts[2]))));
    }
    if (contenders.isEmpty()) {
      throw new IllegalArgumentException("--contender LABEL=JAR=MANIFEST is required");
    }
    Contender head = contenders.get(contenders.size() - 1);

    URI moto = URI.create(args.required("--moto"));
    // Instances EC2 (moto) knows and shows as this cluster's: a handler that checks an instance
    // before draining it (docs/runtime.md "Node identity") acts on these as on real ones.
    List<BenchObjects.NodeSpec> nodes = MotoInstances.launch(moto, head.manifest().clusterName(), nodeCount);
    String loadBefore = ProcStat.loadAverage();
    SQSRestServer sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort());
    List<DrainRuns.Result> results = new ArrayList<>();
    try (SqsClient sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(RuntimeProcess.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"))).build()) {
      warmUp(sqs);
      BenchCluster cluster = new BenchCluster(kube.admin, nodes, pods, 0);
      long setup = System.nanoTime();
      cluster.create();
      cluster.awaitRunning(Duration.ofMinutes(15));
      log("set-up: %d nodes, %d pods Running in %.0f s", nodeCount, cluster.appPods(), (System.nanoTime() - setup) / 1e9);
      try (DrainObserver observer = new DrainObserver(kube.admin)) {
        DrainRuns runs = new DrainRuns(kube, cluster, observer, sqs, sqsEndpoint, moto, dir,
            args.integer("--timeout-seconds", 900));
        boolean fresh = true;
        for (int round = 1; round <= rounds; round++) {
          List<String> order = new ArrayList<>(List.of("floor"));
          contenders.forEach(c -> order.add(c.label()));
          if (round % 2 == 0) {
            java.util.Collections.reverse(order);
          }
          for (String label : order) {
            if (!fresh) {
              long reset = System.nanoTime();
              cluster.reset(Duration.ofMinutes(15));
              log("reset in %.0f s", (System.nanoTime() - reset) / 1e9);
            }
            fresh = false;
            log("round %d: %s", round, label);
            Contender contender = contenders.stream().filter(c -> c.label().equals(label)).findFirst().orElse(null);
            DrainRuns.Result result = contender == null ? runs.floor(round, head.manifest())
                : runs.handler(label, round, contender.jar(), contender.manifest());
            results.add(result);
            log("%s", row(result));
          }
        }
      }
    } finally {
      sqsServer.stopAndWait();
    }
    String loadAfter = ProcStat.loadAverage();
    report(System.out, nodeCount, pods, rounds, kube, loadBefore, loadAfter, results,
        contenders.stream().map(Contender::label).toList());
    System.exit(0);
  }

  /**
   * 2,000 messages through ElasticMQ before anything is measured, so that the first handler to run
   * does not meet a server the JIT has not compiled yet while the later ones meet a warm one.
   */
  private static void warmUp(SqsClient sqs) {
    String queue = sqs.createQueue(request -> request.queueName("warm-up")).queueUrl();
    for (int batch = 0; batch < 200; batch++) {
      int first = batch * 10;
      sqs.sendMessageBatch(request -> request.queueUrl(queue).entries(java.util.stream.IntStream.range(first, first + 10)
          .mapToObj(i -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
              .id("m" + i).messageBody("{\"warm-up\":" + i + "}").build()).toList()));
    }
    List<software.amazon.awssdk.services.sqs.model.Message> received;
    do {
      received = sqs.receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(10)).messages();
      for (var message : received) {
        sqs.deleteMessage(request -> request.queueUrl(queue).receiptHandle(message.receiptHandle()));
      }
    } while (!received.isEmpty());
    sqs.deleteQueue(request -> request.queueUrl(queue));
  }

  private static void report(PrintStream out, int nodes, int pods, int rounds, BenchKube kube, String loadBefore,
      String loadAfter, List<DrainRuns.Result> results, List<String> labels) {
    out.printf(Locale.ROOT, "draining: %d nodes x %d pods (%d evictions), %d round(s), kube-apiserver %s with kwok, "
            + "%d cores; load average (1/5/15 min) before %s, after %s%n", nodes, pods, nodes * pods, rounds,
        kube.admin.getKubernetesVersion().getGitVersion(), Runtime.getRuntime().availableProcessors(),
        loadBefore, loadAfter);
    out.println("times in s from the first message sent (floor: from the first eviction); CPU in CPU-s from then "
        + "until all drained / the queue empty (2 cores = 2 CPU-s per s); ms/evict: CPU until all drained per pod");
    out.println(String.format(ROW, "round", "who", "msg->cordon p50/p99", "cordoned", "drained", "q.empty",
        "CPU dr/q.e", "ms/evict", "start CPU", "heap pk/live", "RSS MiB", "servers' CPU (to q.empty)"));
    results.forEach(r -> out.println(row(r)));
    Map<String, Double> drained = medians(results, DrainRuns.Result::allDrained);
    Map<String, Double> perEviction = medians(results, DrainRuns.Result::cpuMillisPerEviction);
    Map<String, Double> cordonP99 = medians(results, DrainRuns.Result::cordonP99);
    Map<String, Double> allCordoned = medians(results, DrainRuns.Result::allCordoned);
    String head = labels.get(labels.size() - 1);
    out.printf(Locale.ROOT, "all drained (median of rounds): %s%n", format(drained, "s"));
    for (String label : labels) {
      out.printf(Locale.ROOT, "%s/floor all drained: %.2f%n", label, drained.get(label) / drained.get("floor"));
    }
    for (String base : labels.subList(0, labels.size() - 1)) {
      out.printf(Locale.ROOT, "%s/%s: all drained %.2f, CPU per eviction %.2f (%.2f vs %.2f ms), all cordoned %.2f, "
              + "cordon p99 %.2f%n", head, base, drained.get(head) / drained.get(base),
          perEviction.get(head) / perEviction.get(base), perEviction.get(head), perEviction.get(base),
          allCordoned.get(head) / allCordoned.get(base), cordonP99.get(head) / cordonP99.get(base));
    }
  }

  private static final String ROW = "%-5s %-6s %-19s %-9s %-8s %-8s %-11s %-8s %-9s %-12s %-7s %s";

  static String row(DrainRuns.Result r) {
    StringBuilder servers = new StringBuilder();
    r.serverCpu().forEach((name, cpu) -> servers.append(name).append(' ').append(number(cpu, 0)).append(", "));
    return String.format(Locale.ROOT, ROW, r.round(), r.label(), number(r.cordonP50(), 2) + " / "
            + number(r.cordonP99(), 2), number(r.allCordoned(), 1), number(r.allDrained(), 1), number(r.queueEmpty(), 1),
        number(r.cpu(), 1) + " / " + number(r.cpuToQueueEmpty(), 1), number(r.cpuMillisPerEviction(), 2),
        number(r.startupCpu(), 1),
        number(r.peakHeap(), 0) + " / " + number(r.liveHeap(), 0), number(r.peakRss(), 0),
        servers.substring(0, Math.max(0, servers.length() - 2))
            + (r.podsLeft() > 0 ? " (" + r.podsLeft() + " pods left)" : ""));
  }

  /** {@code value} with {@code decimals} decimals; "-" for NaN (not measured, or not reached). */
  private static String number(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static Map<String, Double> medians(List<DrainRuns.Result> results, ToDoubleFunction<DrainRuns.Result> value) {
    Map<String, List<Double>> byLabel = new LinkedHashMap<>();
    results.forEach(r -> byLabel.computeIfAbsent(r.label(), unused -> new ArrayList<>()).add(value.applyAsDouble(r)));
    Map<String, Double> medians = new LinkedHashMap<>();
    byLabel.forEach((label, values) -> {
      values.sort(null);
      int n = values.size();
      medians.put(label, n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2);
    });
    return medians;
  }

  private static String format(Map<String, Double> values, String unit) {
    StringBuilder text = new StringBuilder();
    values.forEach((label, value) -> text.append(String.format(Locale.ROOT, "%s %.1f %s, ", label, value, unit)));
    return text.length() == 0 ? "" : text.substring(0, text.length() - 2);
  }

  static void log(String format, Object... values) {
    System.err.printf(Locale.ROOT, "==> " + format + "%n", values);
  }
}
