package io.spotkube.runtime.cli;

import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.runtime.draining.handler.DrainingListener;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.observability.ObservabilityServer;
import io.spotkube.runtime.ports.ImminentNodeLoss;
import io.spotkube.runtime.scaling.controller.AutoscalerSettings;
import io.spotkube.runtime.service.RuntimeService;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code run}: the in-cluster controller. Starts the interruption handler when a queue URL is set
 * and the autoscaler when a cluster name is set, serves {@code /metrics}, {@code /healthz} and
 * {@code /readyz}, and runs until the JVM is asked to stop (SIGTERM), then stops the services in
 * reverse order. Nodes the handler cordons are reported to the autoscaler, whose next plan counts
 * their pods as pending: replacement capacity is requested while the two-minute warning runs.
 *
 * <p>Flags: the handler's ({@link DrainingOptions#FLAGS}, also as the upstream environment
 * variables), the autoscaler's ({@link AutoscalerSettings#flagNames()}), and {@code --metrics-port},
 * {@code --metrics-address}, {@code --node-group-auto-discovery} (cluster-autoscaler's form, checked
 * against {@code --cluster-name}) and {@code --dry-run} (check the flags, print what would start, exit).
 */
final class RunCommand implements Command {

  private static final long SHUTDOWN_SECONDS = 20;
  static final Set<String> OWN_FLAGS = Set.of("--metrics-port", "--metrics-address",
      "--node-group-auto-discovery", "--dry-run");
  private static final Set<String> DRAINING_BOOLEANS = Set.of("--taint-node", "--cordon-only",
      "--enable-rebalance-draining", "--enable-rebalance-monitoring", "--enable-spot-interruption-draining",
      "--enable-scheduled-event-draining", "--check-tag-before-draining", "--delete-sqs-msg-if-node-not-found",
      "--delete-invalid-messages", "--exclude-from-load-balancers");
  /** How long after a cordon for an interruption the node is expected to be gone (the Spot warning). */
  static final Duration EXPECTED_LOSS_AFTER_CORDON = Duration.ofMinutes(2);

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM: ask serve() to stop and give it a bounded time to close the services.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopRequested.countDown();
      try {
        stopped.await(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown"));
    try {
      return serve(args, System.getenv(), out, err, stopRequested);
    } finally {
      stopped.countDown();
    }
  }

  /** As {@link #serve(List, Map, PrintStream, PrintStream, CountDownLatch)}, printing to {@code err} only. */
  static int serve(List<String> args, Map<String, String> env, PrintStream err, CountDownLatch stopRequested) {
    return serve(args, env, err, err, stopRequested);
  }

  /** Starts the services, serves until {@code stopRequested}, stops them; in-process for tests. */
  static int serve(List<String> args, Map<String, String> env, PrintStream out, PrintStream err,
                   CountDownLatch stopRequested) {
    Set<String> known = new HashSet<>(OWN_FLAGS);
    known.addAll(DrainingOptions.FLAGS);
    known.addAll(AutoscalerSettings.flagNames());
    Set<String> booleans = new HashSet<>(DRAINING_BOOLEANS);
    booleans.addAll(AutoscalerSettings.booleanFlagNames());
    booleans.add("--dry-run");
    Flags flags = Flags.parse(args, known, booleans);
    boolean dryRun = flags.bool("--dry-run").orElse(false);
    Settings settings = new Settings(flags, env);
    MetricsRegistry metrics = new MetricsRegistry();

    AtomicReference<ImminentNodeLoss> imminentLoss = new AtomicReference<>();
    List<String> plan = new ArrayList<>();
    List<RuntimeService> services = new ArrayList<>();
    DrainingOptions draining = DrainingOptions.from(settings);
    AutoscalerSettings autoscaler = autoscalerSettings(flags);
    if (draining.queueUrl() != null) {
      plan.add("draining (queue " + draining.queueUrl() + ")");
      if (!dryRun) {
        services.add(DrainingServiceFactory.create(draining, metrics, reportingTo(imminentLoss)));
      }
    }
    if (autoscaler != null) {
      plan.add("autoscaler (cluster " + autoscaler.clusterName() + ", expander " + autoscaler.expander() + ")");
      if (!dryRun) {
        services.add(AutoscalerServiceFactory.create(autoscaler, imminentLoss, metrics));
      }
    }
    if (plan.isEmpty()) {
      throw new UsageException("nothing to run: set --queue-url (or QUEUE_URL) for the interruption handler "
          + "and/or --cluster-name for the autoscaler");
    }
    int port = (int) settings.integer("--metrics-port", 9092, 0, "METRICS_PORT");
    String address = settings.text("--metrics-address", "0.0.0.0", "METRICS_ADDRESS");
    if (dryRun) {
      out.println("run would start: " + String.join("; ", plan) + "; metrics and health on " + address + ":" + port);
      return ExitCodes.OK;
    }

    List<RuntimeService> started = new ArrayList<>();
    ObservabilityServer observability = ObservabilityServer.start(new InetSocketAddress(address, port), metrics,
        () -> started.size() == services.size() && started.stream().allMatch(RuntimeService::ready));
    try {
      for (RuntimeService service : services) {
        service.start();
        started.add(service);
        err.println("run: started " + service.name());
      }
      err.println("run: metrics and health on " + address + ":" + observability.port());
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (int i = services.size() - 1; i >= 0; i--) {
        services.get(i).close(); // also those that never started: they hold clients
      }
      observability.close();
    }
    return ExitCodes.OK;
  }

  /** The autoscaler's flags, when {@code --cluster-name} is given; null otherwise. */
  static AutoscalerSettings autoscalerSettings(Flags flags) {
    if (flags.text("--cluster-name").isEmpty()) {
      return null;
    }
    List<String> own = new ArrayList<>();
    for (String name : new TreeSet<>(flags.names())) {
      if (AutoscalerSettings.flagNames().contains(name)) {
        own.add(name + "=" + flags.text(name).orElseThrow());
      }
    }
    AutoscalerSettings settings;
    try {
      settings = AutoscalerSettings.fromArgs(own);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    flags.text("--node-group-auto-discovery").ifPresent(discovery -> checkDiscovery(discovery, settings.clusterName()));
    return settings;
  }

  /** cluster-autoscaler's {@code asg:tag=k,k}: only the two tags the constructs write are supported. */
  private static void checkDiscovery(String discovery, String clusterName) {
    if (!AutoscalerDiscoveryTags.isAutoDiscovery(discovery, clusterName)) {
      throw new UsageException("--node-group-auto-discovery: '" + discovery + "' is not supported; groups are found by "
          + AutoscalerDiscoveryTags.autoDiscovery(clusterName));
    }
  }

  /** Cordoned nodes are on their way out: the autoscaler plans their replacement now. */
  private static DrainingListener reportingTo(AtomicReference<ImminentNodeLoss> imminentLoss) {
    return new DrainingListener() {
      @Override
      public void cordoned(String instanceId, String nodeName, Instant messageSentAt, Instant cordonedAt) {
        ImminentNodeLoss loss = imminentLoss.get();
        if (loss != null && nodeName != null) {
          Instant from = messageSentAt != null ? messageSentAt : cordonedAt;
          loss.nodeWillBeLost(nodeName, from.plus(EXPECTED_LOSS_AFTER_CORDON));
        }
      }
    };
  }
}
