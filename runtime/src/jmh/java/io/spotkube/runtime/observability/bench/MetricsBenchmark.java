package io.spotkube.runtime.observability.bench;

import io.spotkube.runtime.observability.Counter;
import io.spotkube.runtime.observability.Histogram;
import io.spotkube.runtime.observability.MetricsRegistry;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The cost of the runtime's metrics, client_java (today's {@link MetricsRegistry}) against the
 * hand-written registry it replaced ({@link HandWrittenMetrics}), in one JVM, rounds alternating so
 * that a busy machine weighs on both alike: {@code Counter.inc} with two labels, {@code
 * Histogram.observe} with two labels (every AWS and Kubernetes call), and one scrape of the runtime's
 * families with 51 series (40 counters, 3 gauges, 8 histograms); then a scrape with the JVM's metrics
 * too, as {@code /metrics} serves it. First it checks both write the same families and series.
 * Run by {@code scripts/bench-metrics.sh}; not a test. Arguments: {@code --rounds N} (default 11).
 */
public final class MetricsBenchmark {

  private static final double[] SECONDS = MetricsRegistry.SECONDS_BUCKETS;
  private static final double[] CALL_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  private static final String[][] CALLS = {
      {"sqs.ReceiveMessage", "ok"}, {"sqs.DeleteMessage", "ok"}, {"kubernetes.EvictPod", "ok"},
      {"kubernetes.PatchNode", "ok"}, {"kubernetes.EvictPod", "error"}, {"ec2.DescribeInstances", "ok"},
      {"autoscaling.CompleteLifecycleAction", "ok"}, {"sqs.ChangeMessageVisibility", "ok"}};
  private static final int OPS = 2_000_000;
  private static final int SCRAPES = 2_000;

  private MetricsBenchmark() {
  }

  /** The few calls both registries answer, so one workload fills either. */
  private interface Registry {
    void count(String name, String help, String[] labelNames, long amount, String... labelValues);

    void observe(String name, String help, double[] bounds, String[] labelNames, double value, String... labelValues);

    void gauge(String name, String help, DoubleSupplier value);

    String scrape();
  }

  public static void main(String[] args) {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 11;
    MetricsRegistry library = new MetricsRegistry();
    HandWrittenMetrics handWritten = new HandWrittenMetrics();
    Registry libraryView = fill(library(library));
    Registry handWrittenView = fill(handWritten(handWritten));
    compare(handWrittenView.scrape(), libraryView.scrape());

    // Registries of their own, so the scraped ones keep their 51 series.
    Counter counter = new MetricsRegistry().counter("bench_inc_total", "Increments.", "call", "result");
    HandWrittenMetrics.Counter oldCounter = new HandWrittenMetrics().counter("bench_inc_total", "Increments.", "call",
        "result");
    Histogram histogram = new MetricsRegistry().histogram("bench_observe_seconds", "Observations.", CALL_SECONDS,
        "call", "result");
    HandWrittenMetrics.Histogram oldHistogram = new HandWrittenMetrics().histogram("bench_observe_seconds",
        "Observations.", CALL_SECONDS, "call", "result");
    MetricsRegistry withJvm = new MetricsRegistry();
    fill(library(withJvm));
    withJvm.includeJvmMetrics();

    Map<String, Supplier<double[]>> cases = new java.util.LinkedHashMap<>();
    cases.put("Counter.inc, 2 labels (ns/op)        old", () -> incOld(oldCounter));
    cases.put("Counter.inc, 2 labels (ns/op)        new", () -> incNew(counter));
    cases.put("Histogram.observe, 2 labels (ns/op)  old", () -> observeOld(oldHistogram));
    cases.put("Histogram.observe, 2 labels (ns/op)  new", () -> observeNew(histogram));
    cases.put("scrape, 51 series (us/scrape)        old", () -> scrape(handWrittenView::scrape));
    cases.put("scrape, 51 series (us/scrape)        new", () -> scrape(libraryView::scrape));
    cases.put("scrape, 51 series + JVM (us/scrape)  new", () -> scrape(withJvm::scrape));

    Map<String, double[][]> results = new TreeMap<>();
    for (int round = -3; round < rounds; round++) { // three rounds of warm-up, not kept
      for (Map.Entry<String, Supplier<double[]>> one : cases.entrySet()) {
        double[] figures = one.getValue().get();
        if (round >= 0) {
          results.computeIfAbsent(one.getKey(), key -> new double[rounds][])[round] = figures;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s, %d rounds, %d cores%n", System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version"), rounds, Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-42s %10s %10s %14s%n", "case", "median", "min", "bytes/op");
    results.forEach((name, figures) -> {
      double[] time = Arrays.stream(figures).mapToDouble(f -> f[0]).sorted().toArray();
      double[] bytes = Arrays.stream(figures).mapToDouble(f -> f[1]).sorted().toArray();
      System.out.printf(Locale.ROOT, "%-42s %10.2f %10.2f %14.0f%n", name, time[time.length / 2], time[0],
          bytes[bytes.length / 2]);
    });
    System.out.printf(Locale.ROOT, "scrape sizes: old %d bytes, new %d bytes, new with the JVM's %d bytes (%d lines)%n",
        handWrittenView.scrape().length(), libraryView.scrape().length(), withJvm.scrape().length(),
        withJvm.scrape().lines().count());
  }

  /** The runtime's families (names as in RegistryScalingMetrics, DrainingMetrics, CallTimer), 51 series. */
  private static Registry fill(Registry r) {
    String[] none = {};
    String[] reason = {"reason"};
    String[] result = {"result"};
    String[] nodeGroup = {"node_group"};
    r.count("spotkube_draining_messages_received_total", "Queue messages received.", none, 120);
    r.count("spotkube_draining_messages_deleted_total", "Queue messages deleted.", none, 118);
    r.count("spotkube_draining_drain_timeouts_total", "Drains that reached the grace period.", none, 1);
    r.count("spotkube_draining_receive_errors_total", "Failed queue receives.", none, 2);
    r.count("spotkube_draining_webhook_failures_total", "Webhook posts that failed.", none, 0);
    r.count("cluster_autoscaler_errors_total", "Loops that failed.", none, 0);
    for (String one : new String[] {"node_busy", "error"}) {
      r.count("spotkube_draining_messages_kept_total", "Messages kept, by reason.", reason, 3, one);
    }
    for (String one : new String[] {"invalid", "ignored", "not_ours", "node_not_found"}) {
      r.count("spotkube_draining_messages_set_aside_total", "Messages needing no work.", reason, 4, one);
    }
    for (String one : new String[] {"SPOT_INTERRUPTION", "REBALANCE_RECOMMENDATION", "ASG_TERMINATE", "STATE_CHANGE"}) {
      r.count("spotkube_draining_events_total", "Interruption events parsed, by kind.", new String[] {"kind"}, 30, one);
    }
    for (String action : new String[] {"cordon", "drain", "complete"}) {
      for (String outcome : new String[] {"ok", "error"}) {
        r.count("spotkube_draining_actions_total", "Actions taken.", new String[] {"action", "result"}, 9, action, outcome);
      }
    }
    for (String one : new String[] {"evicted", "blocked", "gone", "error"}) {
      r.count("spotkube_draining_evictions_total", "Eviction API calls, by result.", result, 500, one);
    }
    for (String call : new String[] {"complete", "heartbeat"}) {
      for (String outcome : new String[] {"ok", "error"}) {
        r.count("spotkube_draining_lifecycle_calls_total", "Lifecycle calls.", new String[] {"call", "result"}, 5, call,
            outcome);
      }
    }
    for (String one : new String[] {"ok", "error"}) {
      r.count("spotkube_draining_visibility_extensions_total", "Visibility extensions.", result, 40, one);
    }
    for (String group : new String[] {"spot-a", "spot-b", "nodes"}) {
      r.count("cluster_autoscaler_scaled_up_nodes_total", "Nodes added.", nodeGroup, 6, group);
      r.count("cluster_autoscaler_scaled_down_nodes_total", "Nodes removed.", nodeGroup, 4, group);
    }
    for (String group : new String[] {"spot-a", "spot-b"}) {
      r.count("cluster_autoscaler_failed_scale_ups_total", "Scale-ups given up.", new String[] {"node_group", "reason"},
          1, group, "capacity");
    }
    r.gauge("cluster_autoscaler_unschedulable_pods_count", "Pods the scheduler could not place.", () -> 12);
    r.gauge("cluster_autoscaler_unneeded_nodes_count", "Nodes considered for scale-down.", () -> 2);
    r.gauge("spotkube_draining_messages_in_flight", "Messages in work.", () -> 5);
    for (int i = 0; i < 5; i++) {
      for (double seconds : new double[] {0.004, 0.03, 0.2, 1.5}) {
        r.observe("spotkube_api_call_seconds", "Duration of calls.", CALL_SECONDS, new String[] {"call", "result"},
            seconds * (i + 1), CALLS[i][0], CALLS[i][1]);
      }
    }
    for (double seconds : new double[] {0.3, 2, 7}) {
      r.observe("cluster_autoscaler_function_duration_seconds", "Loop parts.", SECONDS, new String[] {"function"},
          seconds, "main");
      r.observe("spotkube_draining_message_to_cordon_seconds", "Message to cordon.", SECONDS, none, seconds);
      r.observe("spotkube_draining_drain_duration_seconds", "Drain duration.", SECONDS, none, seconds * 10);
    }
    return r;
  }

  /** Both expositions hold the same families (HELP, TYPE) and the same series with equal values. */
  private static void compare(String old, String library) {
    Map<String, String> before = normalise(old);
    Map<String, String> after = normalise(library);
    if (!before.equals(after)) {
      Map<String, String> onlyBefore = new TreeMap<>(before);
      onlyBefore.entrySet().removeAll(after.entrySet());
      Map<String, String> onlyAfter = new TreeMap<>(after);
      onlyAfter.entrySet().removeAll(before.entrySet());
      throw new IllegalStateException("the expositions differ:\n  old only: " + onlyBefore + "\n  new only: " + onlyAfter);
    }
    long samples = before.keySet().stream().filter(key -> !key.startsWith("#")).count();
    System.out.printf(Locale.ROOT, "same exposition, old and new: %d HELP/TYPE lines, %d samples (values compared as numbers)%n",
        before.size() - samples, samples);
  }

  /** Metadata lines as they are; each sample's series mapped to its value as a number. */
  private static Map<String, String> normalise(String text) {
    Map<String, String> lines = new TreeMap<>();
    text.lines().forEach(line -> {
      if (line.startsWith("#")) {
        lines.put(line, "");
      } else {
        int space = line.lastIndexOf(' ');
        lines.put(line.substring(0, space), String.valueOf(Double.parseDouble(line.substring(space + 1))));
      }
    });
    return lines;
  }

  private static double[] incOld(HandWrittenMetrics.Counter counter) {
    return measure(OPS, () -> {
      for (int i = 0; i < OPS; i++) {
        String[] call = CALLS[i & 7];
        counter.inc(call[0], call[1]);
      }
    });
  }

  private static double[] incNew(Counter counter) {
    return measure(OPS, () -> {
      for (int i = 0; i < OPS; i++) {
        String[] call = CALLS[i & 7];
        counter.inc(call[0], call[1]);
      }
    });
  }

  private static double[] observeOld(HandWrittenMetrics.Histogram histogram) {
    return measure(OPS, () -> {
      for (int i = 0; i < OPS; i++) {
        String[] call = CALLS[i & 7];
        histogram.observe((i & 1023) / 1000.0, call[0], call[1]);
      }
    });
  }

  private static double[] observeNew(Histogram histogram) {
    return measure(OPS, () -> {
      for (int i = 0; i < OPS; i++) {
        String[] call = CALLS[i & 7];
        histogram.observe((i & 1023) / 1000.0, call[0], call[1]);
      }
    });
  }

  private static long sink;

  private static double[] scrape(Supplier<String> scrape) {
    double[] figures = measure(SCRAPES, () -> {
      for (int i = 0; i < SCRAPES; i++) {
        sink += scrape.get().length();
      }
    });
    figures[0] /= 1000; // ns -> us
    return figures;
  }

  /** {nanoseconds per operation, bytes allocated per operation} of one timed run of {@code body}. */
  private static double[] measure(int operations, Runnable body) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long bytes = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    body.run();
    long nanos = System.nanoTime() - start;
    return new double[] {(double) nanos / operations, (double) (threads.getCurrentThreadAllocatedBytes() - bytes) / operations};
  }

  private static Registry library(MetricsRegistry registry) {
    return new Registry() {
      @Override
      public void count(String name, String help, String[] labelNames, long amount, String... labelValues) {
        registry.counter(name, help, labelNames).add(amount, labelValues);
      }

      @Override
      public void observe(String name, String help, double[] bounds, String[] labelNames, double value,
          String... labelValues) {
        registry.histogram(name, help, bounds, labelNames).observe(value, labelValues);
      }

      @Override
      public void gauge(String name, String help, DoubleSupplier value) {
        registry.gauge(name, help, value);
      }

      @Override
      public String scrape() {
        return registry.scrape();
      }
    };
  }

  private static Registry handWritten(HandWrittenMetrics registry) {
    return new Registry() {
      @Override
      public void count(String name, String help, String[] labelNames, long amount, String... labelValues) {
        registry.counter(name, help, labelNames).add(amount, labelValues);
      }

      @Override
      public void observe(String name, String help, double[] bounds, String[] labelNames, double value,
          String... labelValues) {
        registry.histogram(name, help, bounds, labelNames).observe(value, labelValues);
      }

      @Override
      public void gauge(String name, String help, DoubleSupplier value) {
        registry.gauge(name, help, value);
      }

      @Override
      public String scrape() {
        return registry.scrape();
      }
    };
  }
}
