package io.spotkube.runtime.cli;

import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.draining.handler.DrainingListener;
import io.spotkube.runtime.flags.FlagDocs;
import io.spotkube.runtime.flags.FlagException;
import io.spotkube.runtime.flags.FlagValues;
import io.spotkube.runtime.flags.RunFlags;
import io.spotkube.runtime.observability.CallTimer;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: the in-cluster controller. Starts the interruption handler when a queue URL is set
 * and the autoscaler when a cluster name is set, serves {@code /metrics}, {@code /healthz} and
 * {@code /readyz}, and runs until the JVM is asked to stop (SIGTERM), then stops the services in
 * reverse order. Nodes the handler cordons are reported to the autoscaler, whose next plan counts
 * their pods as pending: replacement capacity is requested while the two-minute warning runs.
 *
 * <p>Flags: one table for both controllers and {@code run} itself ({@link RunFlags}, docs/flags.md,
 * {@code run --help}), parsed once with the environment; {@code --check-flags} checks them, prints what
 * would start and exits; {@code --dry-run} runs and logs every write instead of making it.
 */
final class RunCommand implements Command {

  private static final long SHUTDOWN_SECONDS = 20;
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
    // Help before parsing: it is what one reads when the flags or the environment are wrong.
    if (args.contains(RunFlags.HELP.name())) {
      out.print(help());
      return ExitCodes.OK;
    }
    FlagValues values = parse(args, env);
    boolean checkOnly = values.get(RunFlags.CHECK_FLAGS);
    MetricsRegistry metrics = new MetricsRegistry();

    AtomicReference<ImminentNodeLoss> imminentLoss = new AtomicReference<>();
    List<String> plan = new ArrayList<>();
    List<RuntimeService> services = new ArrayList<>();
    DrainingOptions draining = DrainingOptions.from(values);
    AutoscalerSettings autoscaler = autoscalerSettings(values);
    AwsClients aws = AwsClients.create(values.get(RunFlags.AWS_REGION), values.get(RunFlags.AWS_ENDPOINT));
    // One client and one cache for both controllers, started before them and closed after.
    NodeCredentialOptions credentials = NodeCredentialOptions.from(values, env);
    boolean controllers = draining.queueUrl() != null || autoscaler != null;
    SharedCluster shared = new SharedCluster(CallTimer.in(metrics), controllers);
    if (!checkOnly && (controllers || credentials != null)) {
      services.add(shared);
    }
    if (draining.queueUrl() != null) {
      plan.add("draining (queue " + draining.queueUrl() + (draining.dryRun() ? ", dry run" : "") + ")");
      if (!checkOnly) {
        services.add(DrainingServiceFactory.create(draining, aws, metrics, reportingTo(imminentLoss), shared,
            ownership(values, autoscaler)));
      }
    }
    if (autoscaler != null) {
      plan.add(describe(autoscaler));
      if (!checkOnly) {
        services.add(AutoscalerServiceFactory.create(autoscaler, aws, imminentLoss, metrics, shared,
            ownership(values, autoscaler)));
      }
    }
    if (credentials != null) {
      ClusterOwnership ownership = ownership(values, autoscaler);
      if (ownership == null) {
        throw new UsageException(RunFlags.NODE_CREDENTIAL_ADDRESS.name() + " needs the cluster: set "
            + RunFlags.CLUSTER_NAME.name() + " (only its instances get credentials)");
      }
      plan.add("node credentials (on " + credentials.host() + ":" + credentials.port() + ", node roles "
          + String.join(",", credentials.nodeRoles()) + ", instances with " + ownership.describe() + ")");
      if (!checkOnly) {
        services.add(NodeCredentialServiceFactory.create(credentials, aws, metrics, shared, ownership));
      }
    }
    if (plan.isEmpty()) {
      throw new UsageException("nothing to run: set --queue-url (or QUEUE_URL) for the interruption handler "
          + "and/or --node-group-auto-discovery, --cluster-name or --nodes for the autoscaler"
          + " and/or --node-credential-address for the node credential server"
          + (draining.sqsDisabled() ? " (--enable-sqs-termination-draining is false: no handler)" : ""));
    }
    int port = values.get(RunFlags.METRICS_PORT);
    String address = values.get(RunFlags.METRICS_ADDRESS);
    if (checkOnly) {
      out.println("run would start: " + String.join("; ", plan) + "; metrics and health on " + address + ":" + port);
      return ExitCodes.OK;
    }

    List<RuntimeService> started = new ArrayList<>();
    ObservabilityServer observability = ObservabilityServer.start(new InetSocketAddress(address, port), metrics,
        () -> started.size() == services.size() && started.stream().allMatch(RuntimeService::ready),
        () -> started.stream().allMatch(RuntimeService::live));
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

  /** One line of what {@code --check-flags} prints: which groups, which Lease, whether it writes. */
  private static String describe(AutoscalerSettings autoscaler) {
    List<String> groups = new ArrayList<>();
    if (autoscaler.discoverByTags()) {
      groups.add("tagged " + AutoscalerDiscoveryTags.clusterKey(autoscaler.clusterName()));
    }
    autoscaler.staticGroups().forEach(group -> groups.add(group.name() + " " + group.min() + ".." + group.max()));
    return "autoscaler (cluster " + (autoscaler.clusterName().isEmpty() ? "-" : autoscaler.clusterName())
        + ", expander " + autoscaler.expander() + ", groups " + String.join(" + ", groups)
        + (autoscaler.leaderElect() ? ", lease " + autoscaler.leaseName() : ", no leader election")
        + (autoscaler.dryRun() ? ", dry run" : "") + ")";
  }

  /** {@code run}'s flags and environment, read once against its table; bad input as one line. */
  static FlagValues parse(List<String> args, Map<String, String> env) {
    try {
      return RunFlags.TABLE.parse(args, env);
    } catch (FlagException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code run --help}: the table of docs/flags.md. */
  static String help() {
    return "usage: spotkube-runtime run [flags]\n\n"
        + "Starts the interruption handler (--queue-url) and/or the autoscaler (--node-group-auto-discovery,\n"
        + "--cluster-name or --nodes). A flag wins over its environment variable, which wins over the default;\n"
        + "--name=value or --name value; a bool flag alone means true. Durations in Go notation (10s, 2m, 1h30m).\n"
        + "--check-flags checks them and prints what would start; --dry-run runs and logs writes instead of making\n"
        + "them. The same table: docs/flags.md.\n\n"
        + FlagDocs.markdown(RunFlags.TABLE);
  }

  /**
   * Which instances and groups are this cluster's: the cluster named by {@code --cluster-name}, else
   * the autoscaler's (read from its discovery tag), with {@code --cluster-id} when given; null when
   * there is no cluster name (the handler alone then checks no ownership).
   */
  static ClusterOwnership ownership(FlagValues values, AutoscalerSettings autoscaler) {
    return values.find(RunFlags.CLUSTER_NAME)
        .or(() -> Optional.ofNullable(autoscaler).map(AutoscalerSettings::clusterName))
        .map(name -> new ClusterOwnership(name, values.find(RunFlags.CLUSTER_ID).orElse(null))).orElse(null);
  }

  /**
   * The autoscaler's settings, when {@code --cluster-name}, {@code --node-group-auto-discovery} or
   * {@code --nodes} is given (cluster-autoscaler starts from the discovery flag alone); null otherwise.
   */
  static AutoscalerSettings autoscalerSettings(FlagValues values) {
    if (values.find(RunFlags.CLUSTER_NAME).isEmpty() && values.find(RunFlags.NODE_GROUP_AUTO_DISCOVERY).isEmpty()
        && values.all(RunFlags.NODES).isEmpty()) {
      return null;
    }
    AutoscalerSettings settings;
    try {
      settings = AutoscalerSettings.from(values);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    values.find(RunFlags.NODE_GROUP_AUTO_DISCOVERY).ifPresent(discovery -> checkDiscovery(discovery, settings.clusterName()));
    if (!settings.leaderElect() && !settings.dryRun()) {
      LoggerFactory.getLogger(RunCommand.class).warn("--leader-elect=false: this replica acts without the Lease; "
          + "run exactly one");
    }
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
