package io.spotkube.test.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One drain of the whole bench cluster by one contender, observed from outside: the runtime's jar
 * handling one Spot interruption message per node, or the plain-client eviction floor.
 */
final class DrainRuns {

  /** What one run measured; NaN where it does not apply (the floor has no messages) or was not reached. */
  record Result(String label, int round, double cordonP50, double cordonP99, double allCordoned, double allDrained,
      long podsLeft, double queueEmpty, double cpu, double cpuToQueueEmpty, double startupCpu, double peakHeap,
      double liveHeap, double peakRss, Map<String, Double> serverCpu, int evictions) {

    /** CPU until every pod was gone, per pod: the draining's cost (not the idle wait for redeliveries after it). */
    double cpuMillisPerEviction() {
      return cpu * 1000 / evictions;
    }
  }

  private static final String SPOT_WARNING = "{\"version\":\"0\",\"id\":\"%s\",\"detail-type\":\"EC2 Spot Instance "
      + "Interruption Warning\",\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-01-01T00:00:00Z\","
      + "\"region\":\"eu-west-1\",\"resources\":[],\"detail\":{\"instance-id\":\"%s\",\"instance-action\":\"terminate\"}}";

  private final BenchKube kube;
  private final BenchCluster cluster;
  private final DrainObserver observer;
  private final SqsClient sqs;
  private final URI sqsEndpoint;
  private final URI ec2Endpoint;
  private final Path dir;
  private final long timeoutSeconds;

  DrainRuns(BenchKube kube, BenchCluster cluster, DrainObserver observer, SqsClient sqs, URI sqsEndpoint,
      URI ec2Endpoint, Path dir, long timeoutSeconds) {
    this.kube = kube;
    this.cluster = cluster;
    this.observer = observer;
    this.sqs = sqs;
    this.sqsEndpoint = sqsEndpoint;
    this.ec2Endpoint = ec2Endpoint;
    this.dir = dir;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The jar as the interruption handler, under its commit's shipped RBAC, {@code -Xmx256m}. */
  Result handler(String label, int round, Path jar, ShippedManifest manifest) throws Exception {
    String queueUrl = sqs.createQueue(request -> request.queueName("bench-" + round + "-" + label)
        // The shipped queue's visibility timeout (TerminationHandlerQueue's default).
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "150"))).queueUrl();
    String token = manifest.applyAndIssueToken(kube);
    String namespace = manifest.serviceAccount().getMetadata().getNamespace();
    Path kubeconfig = kube.writeKubeconfig(dir.resolve(label + "-" + round + ".kubeconfig"), token, namespace);
    int port = freePort();
    Map<String, String> env = new LinkedHashMap<>(awsEnvironment());
    env.putAll(RuntimeProcess.handlerEndpoints(sqsEndpoint, ec2Endpoint));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("POD_NAME", "spotkube-runtime-" + label);
    env.put("POD_NAMESPACE", namespace);
    try (RuntimeProcess handler = RuntimeProcess.start(label + "-" + round, handlerJvmOptions(label, round), jar,
        RuntimeProcess.handlerArgs(queueUrl, port), env, dir, port)) {
      handler.awaitReady(Duration.ofMinutes(5));
      double startupCpu = handler.cpuSeconds();
      ProcStat.Meter meter = meter(handler.pid);
      DrainObserver.Run run = observer.begin(cluster.nodes.size(), cluster.appPods());
      enqueue(queueUrl, run);
      double allCordoned = run.secondsToAllCordoned(timeoutSeconds);
      double allDrained = run.secondsToAllGone(timeoutSeconds);
      double cpuAtDrained = meter.since().get("contender");
      // Drains that hit the node grace period leave their message for a redelivery after the
      // visibility timeout: the queue empties up to one timeout later.
      double queueEmpty = awaitQueueEmpty(queueUrl, run, Duration.ofSeconds(timeoutSeconds));
      Map<String, Double> cpu = meter.since();
      List<Double> latencies = run.cordonLatenciesMillis();
      double peakRss = handler.peakRssMib();
      double peakHeap = handler.peakHeapMib();
      double liveHeap = handler.liveHeapAfterFullGcMib();
      return new Result(label, round, DrainObserver.percentile(latencies, 50) / 1000,
          DrainObserver.percentile(latencies, 99) / 1000, allCordoned, allDrained, run.podsLeft(), queueEmpty,
          cpuAtDrained, cpu.remove("contender"), startupCpu, peakHeap, liveHeap, peakRss, cpu, cluster.appPods());
    }
  }

  /**
   * {@code -Xmx256m}, plus a Java Flight Recorder profile per run (DIR/LABEL-ROUND.jfr) when
   * BENCH_HANDLER_JFR=1: where the handler's CPU goes, to compare two commits (the recorder costs a
   * few percent of CPU, so figures of profiled runs are not the benchmark's).
   */
  private List<String> handlerJvmOptions(String label, int round) {
    if (!"1".equals(System.getenv("BENCH_HANDLER_JFR"))) {
      return List.of("-Xmx256m");
    }
    return List.of("-Xmx256m", "-XX:StartFlightRecording=settings=profile,filename="
        + dir.resolve(label + "-" + round + ".jfr"));
  }

  /** {@link EvictionFloor} in a child JVM ({@code -Xmx256m}) with the token of {@code manifest}'s account. */
  Result floor(int round, ShippedManifest manifest) throws Exception {
    String token = manifest.applyAndIssueToken(kube);
    Process floor = new ProcessBuilder(RuntimeProcess.javaBinary("java"), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), EvictionFloor.class.getName(), kube.url, token)
        .redirectError(dir.resolve("floor-" + round + ".log").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(floor.getInputStream(), StandardCharsets.UTF_8));
      String listed = out.readLine();
      if (listed == null || !listed.startsWith("listed ")) {
        throw new IllegalStateException("the eviction floor did not list the pods: " + listed);
      }
      ProcStat.Meter meter = meter(floor.pid());
      DrainObserver.Run run = observer.begin(0, cluster.appPods());
      OutputStream control = floor.getOutputStream();
      control.write('\n');
      control.flush();
      double allDrained = run.secondsToAllGone(timeoutSeconds);
      Map<String, Double> cpu = meter.since();
      double peakRss = ProcStat.peakRssMib(floor.pid());
      control.close();
      floor.waitFor(60, TimeUnit.SECONDS);
      double cpuAtDrained = cpu.remove("contender");
      return new Result("floor", round, Double.NaN, Double.NaN, Double.NaN, allDrained, run.podsLeft(), Double.NaN,
          cpuAtDrained, Double.NaN, Double.NaN, Double.NaN, Double.NaN, peakRss, cpu, cluster.appPods());
    } finally {
      floor.destroyForcibly();
    }
  }

  /** One Spot warning per node, 10 per SendMessageBatch on 8 threads, each node's send time noted first. */
  private void enqueue(String queueUrl, DrainObserver.Run run) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> batches = new ArrayList<>();
      List<BenchObjects.NodeSpec> nodes = cluster.nodes;
      for (int from = 0; from < nodes.size(); from += 10) {
        List<BenchObjects.NodeSpec> batch = nodes.subList(from, Math.min(from + 10, nodes.size()));
        batches.add(pool.submit(() -> {
          long now = System.nanoTime();
          batch.forEach(node -> run.sent(node.name(), now));
          sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(batch.stream()
              .map(node -> SendMessageBatchRequestEntry.builder().id(node.instanceId())
                  .messageBody(String.format(SPOT_WARNING, "event-" + node.instanceId(), node.instanceId())).build())
              .toList()));
        }));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Seconds from the run's start until no message is left, visible or in flight (every one handled and deleted). */
  private double awaitQueueEmpty(String queueUrl, DrainObserver.Run run, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
      if (attributes.values().stream().allMatch("0"::equals)) {
        return (System.nanoTime() - run.start) / 1e9;
      }
      Thread.sleep(200);
    }
    return Double.NaN;
  }

  private static ProcStat.Meter meter(long contender) {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("contender", contender);
    pids.putAll(BenchKube.serverPids());
    pids.put("harness+SQS", ProcessHandle.current().pid());
    return new ProcStat.Meter(pids).start();
  }

  static Map<String, String> awsEnvironment() {
    return Map.of("AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY", "bench", "AWS_REGION", RuntimeProcess.REGION,
        "AWS_EC2_METADATA_DISABLED", "true");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
