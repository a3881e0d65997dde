package io.spotkube.runtime.bench;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.spotkube.runtime.adapters.aws.SqsInterruptionQueue;
import io.spotkube.runtime.adapters.kubernetes.ClusterCache;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ClusterWriter;
import io.spotkube.runtime.adapters.kubernetes.Fabric8EventRecorder;
import io.spotkube.runtime.drain.DrainOutcome;
import io.spotkube.runtime.draining.handler.DrainingConfig;
import io.spotkube.runtime.draining.handler.DrainingListener;
import io.spotkube.runtime.draining.handler.DrainingService;
import io.spotkube.runtime.draining.handler.Notifier;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.testing.ElasticMq;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Re-runnable benchmark (scripts/bench-draining.sh), not a test: N Spot interruption messages for N
 * nodes with P pods each, enqueued at once into ElasticMQ, handled by the production DrainingService
 * against a Kubernetes API server: a real kube-apiserver (with kwok as the kubelets) when
 * {@code BENCH_K8S_URL}, {@code BENCH_K8S_ADMIN_TOKEN} and {@code BENCH_K8S_TOKEN} are set (the
 * handler then uses the second token, bound to the runtime's ClusterRole), else the fabric8 mock
 * server. The servers run in a child JVM so that the heap figure is the handler's own. Prints p50/p99 message-to-cordon latency, time until every node is
 * cordoned and drained, and the peak heap used (sampled every 10 ms).
 *
 * <p>Arguments (all optional): {@code nodes=1000 pods=10 pollers=2 workers=16 pollIntervalMs=1000
 * maxRequestsPerHost=64 cordonOnly=false}.
 */
public final class DrainingBenchmark {

  private DrainingBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>(Map.of("nodes", "1000", "pods", "10", "pollers", "2",
        "workers", "16", "pollIntervalMs", "1000", "maxRequestsPerHost", "64", "cordonOnly", "false", "mode", "handler"));
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      options.put(pair[0], pair[1]);
    }
    int nodes = Integer.parseInt(options.get("nodes"));
    int pods = Integer.parseInt(options.get("pods"));

    KubernetesAccess realServer = KubernetesAccess.fromEnvironment();
    Process servers = new ProcessBuilder(javaBinary(), "-Xmx2g", "-cp", System.getProperty("java.class.path"),
        BenchServers.class.getName(), realServer == null ? "mock" : "sqs-only")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader serverOut = new BufferedReader(new InputStreamReader(servers.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = serverOut.readLine();
      } while (line != null && !line.startsWith("sqs="));
      if (line == null) {
        throw new IllegalStateException("the benchmark servers did not start");
      }
      URI sqsEndpoint = URI.create(line.split(" ")[0].substring(4));
      KubernetesAccess k8s = realServer != null ? realServer
          : new KubernetesAccess(line.split(" ")[1].substring(4), null, null);
      run(options, nodes, pods, sqsEndpoint, k8s, new CpuAccounting(System.getenv("BENCH_SERVER_PIDS"),
          ProcessHandle.current().pid(), servers.pid()));
    } finally {
      servers.getOutputStream().close();
      servers.destroy();
      servers.waitFor(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static void run(Map<String, String> options, int nodes, int pods, URI sqsEndpoint, KubernetesAccess k8s,
      CpuAccounting cpu) throws Exception {
    int maxRequestsPerHost = Integer.parseInt(options.get("maxRequestsPerHost"));
    KubernetesClient setupClient = client(k8s.url(), k8s.adminToken(), maxRequestsPerHost);
    KubernetesClient handlerClient = client(k8s.url(), k8s.handlerToken(), maxRequestsPerHost);
    System.out.println("kubernetes: " + (k8s.real() ? "kube-apiserver " + setupClient.getKubernetesVersion().getGitVersion()
        + " at " + k8s.url() + " (kwok kubelets)" : "fabric8 mock server (CRUD mode)"));
    long setupStart = System.nanoTime();
    if (k8s.real()) {
      RealServerSetup.grantRuntimeRole(setupClient, "default");
    }
    createCluster(setupClient, nodes, pods);
    if (k8s.real()) {
      RealServerSetup.awaitRunning(setupClient, "default", nodes * pods, Duration.ofMinutes(10));
    }
    System.out.printf("setup: %d nodes, %d pods in %.1f s%n", nodes, nodes * pods, seconds(System.nanoTime() - setupStart));

    if (options.get("mode").equals("floor")) {
      evictionFloor(setupClient, handlerClient, nodes, pods, cpu);
      setupClient.close();
      handlerClient.close();
      return;
    }
    long baselineStart = System.nanoTime();
    serverBaseline(handlerClient, nodes);
    System.out.printf("server floor: %d node PATCHes (a label, 16 threads, the handler's credentials) in %.2f s%n",
        nodes, seconds(System.nanoTime() - baselineStart));

    SqsClient sqs = ElasticMq.client(sqsEndpoint);
    String queueUrl = sqs.createQueue(request -> request.queueName("bench")
        .attributes(Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "300")))
        .queueUrl();

    ConcurrentLinkedQueue<Long> cordonLatencyMillis = new ConcurrentLinkedQueue<>();
    CountDownLatch cordoned = new CountDownLatch(nodes);
    CountDownLatch drained = new CountDownLatch(nodes);
    AtomicLong failedDrains = new AtomicLong();
    DrainingListener listener = new DrainingListener() {
      @Override
      public void cordoned(String instanceId, String nodeName, Instant messageSentAt, Instant cordonedAt) {
        if (messageSentAt != null) {
          cordonLatencyMillis.add(Duration.between(messageSentAt, cordonedAt).toMillis());
        }
        cordoned.countDown();
      }

      @Override
      public void drained(String instanceId, DrainOutcome outcome) {
        if (!outcome.drained()) {
          failedDrains.incrementAndGet();
        }
        drained.countDown();
      }
    };
    DrainingConfig config = DrainingConfig.builder()
        .checkTagBeforeDraining(false)
        .pollers(Integer.parseInt(options.get("pollers")))
        .workers(Integer.parseInt(options.get("workers")))
        .drainPollInterval(Duration.ofMillis(Long.parseLong(options.get("pollIntervalMs"))))
        .actionPolicy(io.spotkube.runtime.draining.ActionPolicy.defaults()
            .withCordonOnly(Boolean.parseBoolean(options.get("cordonOnly"))))
        .build();

    ClusterCache cluster = ClusterCache.start(handlerClient, 120);
    DrainingService service = new DrainingService(config,
        SqsInterruptionQueue.longPolling(ElasticMq.client(sqsEndpoint), queueUrl), cluster,
        new Fabric8ClusterWriter(handlerClient, CallTimer.NONE),
        new Fabric8EventRecorder(handlerClient, "spotkube-draining", "default", Clock.systemUTC()),
        instanceId -> Optional.of(new InstanceInfo(instanceId, "", Map.of(), "running")), new NoLifecycle(), Clock.systemUTC(),
        new MetricsRegistry(), Notifier.NONE, listener);
    service.start();

    System.gc();
    HeapSampler heap = new HeapSampler();
    heap.start();
    cpu.start();
    long start = System.nanoTime();
    enqueue(sqs, queueUrl, nodes);
    long enqueued = System.nanoTime();
    boolean allCordoned = cordoned.await(10, TimeUnit.MINUTES);
    long cordonedAt = System.nanoTime();
    boolean allDrained = Boolean.parseBoolean(options.get("cordonOnly")) || drained.await(10, TimeUnit.MINUTES);
    long drainedAt = System.nanoTime();
    heap.stop();

    List<Long> latencies = new ArrayList<>(cordonLatencyMillis);
    latencies.sort(null);
    System.out.printf("config: %s, handler -Xmx%d MiB%n", new java.util.TreeMap<>(options),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.printf("enqueued %d messages in %.2f s%n", nodes, seconds(enqueued - start));
    System.out.printf("message-to-cordon latency: p50 %d ms, p99 %d ms, max %d ms (n=%d)%n", percentile(latencies, 50),
        percentile(latencies, 99), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1), latencies.size());
    System.out.printf("all %d nodes cordoned: %s after %.2f s%n", nodes, allCordoned, seconds(cordonedAt - start));
    System.out.printf("all %d nodes drained:  %s after %.2f s (%d drains timed out)%n", nodes, allDrained,
        seconds(drainedAt - start), failedDrains.get());
    System.out.printf("peak heap used (sampled every 10 ms): %d MiB; largest heap left after a collection: %d MiB%n",
        heap.peakBytes() / (1024 * 1024), heap.peakAfterCollectionBytes() / (1024 * 1024));
    System.out.printf("CPU used meanwhile (2 cores = 2 CPU-s per s): %s%n", cpu.since());

    service.close();
    cluster.close();
    handlerClient.close();
    setupClient.close();
    sqs.close();
  }

  private static void createCluster(KubernetesClient client, int nodes, int pods) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> futures = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      int node = n;
      futures.add(pool.submit(() -> {
        String name = nodeName(node);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
            .withNewSpec().withProviderID("aws:///eu-west-1a/" + instanceId(node)).endSpec()
            .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
            .build()).create();
        for (int p = 0; p < pods; p++) {
          client.pods().inNamespace("default").resource(new PodBuilder()
              .withNewMetadata().withName(name + "-pod-" + p).withNamespace("default")
              .addNewOwnerReference().withKind("ReplicaSet").withName("rs").withUid("rs-uid").withApiVersion("apps/v1")
              .withController(true).endOwnerReference().endMetadata()
              .withNewSpec().withNodeName(name).withTerminationGracePeriodSeconds(30L).addNewContainer().withName("c")
              .withImage("nginx").endContainer().endSpec()
              .build()).create();
        }
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
  }

  /**
   * {@code mode=floor}: what the Kubernetes side alone needs to evict every pod (16 threads, the
   * handler's credentials, no PodDisruptionBudgets) until all are gone: the floor under "all drained".
   */
  private static void evictionFloor(KubernetesClient admin, KubernetesClient client, int nodes, int pods,
      CpuAccounting cpu) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> futures = new ArrayList<>();
    cpu.start();
    long start = System.nanoTime();
    for (int n = 0; n < nodes; n++) {
      String node = nodeName(n);
      for (int p = 0; p < pods; p++) {
        String pod = node + "-pod-" + p;
        futures.add(pool.submit(() -> client.pods().inNamespace("default").withName(pod).evict()));
      }
    }
    for (Future<?> future : futures) {
      future.get();
    }
    long evicted = System.nanoTime();
    int left;
    do {
      Thread.sleep(200);
      // One item and the server's count of the rest: cheap enough not to load the server measured.
      io.fabric8.kubernetes.api.model.PodList page = admin.pods().inNamespace("default")
          .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
      Long rest = page.getMetadata().getRemainingItemCount();
      left = page.getItems().size() + (rest == null ? 0 : rest.intValue());
    } while (left > 0 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10));
    long gone = System.nanoTime();
    pool.shutdown();
    System.out.printf("eviction floor: %d evictions (16 threads) accepted in %.2f s, all pods gone after %.2f s (%d left)%n",
        nodes * pods, seconds(evicted - start), seconds(gone - start), left);
    System.out.printf("CPU used meanwhile (2 cores = 2 CPU-s per s): %s%n", cpu.since());
  }

  /** What the Kubernetes server alone needs for one write per node: the floor under "all cordoned". */
  private static void serverBaseline(KubernetesClient client, int nodes) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> futures = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      String name = nodeName(n);
      futures.add(pool.submit(() -> client.nodes().withName(name).patch(
          io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
          "{\"metadata\":{\"labels\":{\"bench\":\"baseline\"}}}")));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
  }

  private static void enqueue(SqsClient sqs, String queueUrl, int nodes) throws Exception {
    String template = "{\"version\":\"0\",\"id\":\"%s\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
        + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"eu-west-1\","
        + "\"resources\":[],\"detail\":{\"instance-id\":\"%s\",\"instance-action\":\"terminate\"}}";
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int batchStart = 0; batchStart < nodes; batchStart += 10) {
      int from = batchStart;
      futures.add(pool.submit(() -> sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(
          IntStream.range(from, Math.min(from + 10, nodes)).mapToObj(n -> SendMessageBatchRequestEntry.builder()
              .id("m" + n).messageBody(String.format(template, "event-" + n, instanceId(n))).build()).toList()))));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
  }

  private static KubernetesClient client(String masterUrl, String token, int maxRequestsPerHost) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(masterUrl).withTrustCerts(true)
        .withOauthToken(token)
        .withNamespace("default").withRequestTimeout(60_000).withMaxConcurrentRequests(Math.max(64, maxRequestsPerHost))
        .withMaxConcurrentRequestsPerHost(maxRequestsPerHost).build()).build();
  }

  private static String nodeName(int n) {
    return String.format("ip-10-0-%d-%d.eu-west-1.compute.internal", n / 250, n % 250);
  }

  private static String instanceId(int n) {
    return String.format("i-%017x", n + 1);
  }

  private static long percentile(List<Long> sorted, int percentile) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  /** Where the Kubernetes API server is and the two identities used on it (null tokens: the mock). */
  private record KubernetesAccess(String url, String adminToken, String handlerToken) {

    static KubernetesAccess fromEnvironment() {
      String url = System.getenv("BENCH_K8S_URL");
      if (url == null || url.isBlank()) {
        return null;
      }
      return new KubernetesAccess(url, require("BENCH_K8S_ADMIN_TOKEN"), require("BENCH_K8S_TOKEN"));
    }

    boolean real() {
      return adminToken != null;
    }

    private static String require(String variable) {
      String value = System.getenv(variable);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(variable + " must be set with BENCH_K8S_URL");
      }
      return value;
    }
  }

  /** The benchmark's Spot messages carry no lifecycle action. */
  private static final class NoLifecycle implements io.spotkube.runtime.ports.LifecycleActions {
    @Override
    public void heartbeat(io.spotkube.runtime.draining.LifecycleAction action) {
    }

    @Override
    public void complete(io.spotkube.runtime.draining.LifecycleAction action, String result) {
    }
  }

  /** Samples used heap every 10 ms on a daemon thread and keeps the maximum. */
  private static final class HeapSampler {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakAfterCollection = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::sample, "heap-sampler");

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    long peakBytes() {
      return peak.get();
    }

    /** The largest heap still in use right after a collection: the live set, garbage excluded. */
    long peakAfterCollectionBytes() {
      return peakAfterCollection.get();
    }

    private void sample() {
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        long afterCollection = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null)
            .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
        peakAfterCollection.accumulateAndGet(afterCollection, Math::max);
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
      }
    }
  }
}
