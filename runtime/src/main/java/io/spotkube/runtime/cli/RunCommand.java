package io.spotkube.runtime.cli;

import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.observability.ObservabilityServer;
import io.spotkube.runtime.service.RuntimeService;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code run}: the in-cluster controller. Starts each configured {@link RuntimeService} (today the
 * draining service, when a queue URL is set), serves {@code /metrics}, {@code /healthz} and
 * {@code /readyz}, and runs until the JVM is asked to stop (SIGTERM), then stops the services in
 * reverse order.
 */
final class RunCommand implements Command {

  static final Set<String> OWN_FLAGS = Set.of("--metrics-port", "--metrics-address");
  private static final long SHUTDOWN_SECONDS = 20;

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopRequested.countDown();
      try {
        stopped.await(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown"));
    try {
      return serve(args, System.getenv(), err, stopRequested);
    } finally {
      stopped.countDown();
    }
  }

  /** Starts the services, serves until {@code stopRequested}, stops them; in-process for tests. */
  static int serve(List<String> args, Map<String, String> env, PrintStream err, CountDownLatch stopRequested) {
    Set<String> known = new HashSet<>(OWN_FLAGS);
    known.addAll(DrainingOptions.FLAGS);
    Settings settings = new Settings(Flags.parse(args, known), env);
    MetricsRegistry metrics = new MetricsRegistry();
    List<RuntimeService> services = services(settings, metrics);
    if (services.isEmpty()) {
      throw new UsageException("nothing to run: set --queue-url (or QUEUE_URL) for the interruption handler");
    }
    int port = (int) settings.integer("--metrics-port", 9092, 0, "METRICS_PORT");
    String address = settings.text("--metrics-address", "0.0.0.0", "METRICS_ADDRESS");

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

  /** The services {@code run} starts; each part of the runtime adds its own here. */
  static List<RuntimeService> services(Settings settings, MetricsRegistry metrics) {
    List<RuntimeService> services = new ArrayList<>();
    DrainingOptions draining = DrainingOptions.from(settings);
    if (draining.queueUrl() != null) {
      services.add(DrainingServiceFactory.create(draining, metrics));
    }
    return services;
  }
}
