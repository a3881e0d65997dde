package io.spotkube.runtime.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;

/**
 * The process's metrics, scraped as Prometheus text at {@code /metrics}. Deliberately tiny (no
 * client library): counters, gauges, histograms. Registering a name twice returns the first metric
 * when it is of the same type, so services may share one registry.
 */
public final class MetricsRegistry {

  /** Default buckets for latencies in seconds, from 10 ms to 10 minutes. */
  public static final double[] SECONDS_BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

  private final Map<String, Metric> metrics = new ConcurrentSkipListMap<>();

  public Counter counter(String name, String help, String... labelNames) {
    return register(name, Counter.class, () -> new Counter(name, help, List.of(labelNames)));
  }

  public void gauge(String name, String help, DoubleSupplier value) {
    register(name, Gauge.class, () -> new Gauge(name, help, value));
  }

  public Histogram histogram(String name, String help, double... bounds) {
    return register(name, Histogram.class, () -> new Histogram(name, help, bounds, List.of()));
  }

  public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
    return register(name, Histogram.class, () -> new Histogram(name, help, bounds, List.of(labelNames)));
  }

  /** All metrics in the Prometheus text exposition format, sorted by name. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    metrics.values().forEach(metric -> metric.writeTo(out));
    return out.toString();
  }

  private <T extends Metric> T register(String name, Class<T> type, java.util.function.Supplier<T> create) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("metric name '" + name + "' is not a Prometheus name");
    }
    Metric metric = metrics.computeIfAbsent(name, key -> create.get());
    if (!type.isInstance(metric)) {
      throw new IllegalArgumentException("metric " + name + " is already registered as " + metric.getClass().getSimpleName());
    }
    return type.cast(metric);
  }
}
