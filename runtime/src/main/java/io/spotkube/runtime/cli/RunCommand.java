package io.spotkube.runtime.cli;

import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.observability.ObservabilityServer;
import io.spotkube.runtime.service.RuntimeService;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code run}: the in-cluster controller. Starts each configured {@link RuntimeService} (today the
 * draining service, when a queue URL is set), serves {@code /metrics}, {@code /healthz} and
 * {@code /readyz}, and runs until the JVM is asked to stop (SIGTERM), then stops the services in
 * reverse order.
 */
final class RunCommand implements Command {

  private static final Set<String> OWN_FLAGS = Set.of("--metrics-port", "--metrics-address");

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Set<String> known = new HashSet<>(OWN_FLAGS);
    known.addAll(DrainingOptions.FLAGS);
    Settings settings = new Settings(Flags.parse(args, known), System.getenv());
    MetricsRegistry metrics = new MetricsRegistry();
    List<RuntimeService> services = services(settings, metrics);
    if (services.isEmpty()) {
      throw new UsageException("nothing to run: set --queue-url (or QUEUE_URL) for the interruption handler");
    }
    int port = (int) settings.integer("--metrics-port", 9092, 0, "METRICS_PORT");
    String address = settings.text("--metrics-address", "0.0.0.0", "METRICS_ADDRESS");

    CountDownLatch stopped = new CountDownLatch(1);
    List<RuntimeService> started = new ArrayList<>();
    ObservabilityServer observability = ObservabilityServer.start(new InetSocketAddress(address, port), metrics,
        () -> started.size() == services.size() && started.stream().allMatch(RuntimeService::ready));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
      observability.close();
      stopped.countDown();
    }, "shutdown"));
    for (RuntimeService service : services) {
      service.start();
      started.add(service);
      err.println("run: started " + service.name());
    }
    err.println("run: metrics and health on " + address + ":" + observability.port());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
