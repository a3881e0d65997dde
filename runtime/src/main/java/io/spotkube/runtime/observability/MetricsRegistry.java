package io.spotkube.runtime.observability;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The process's metrics, scraped as Prometheus text at {@code /metrics}: counters, gauges and
 * histograms kept by Prometheus client_java, behind the few calls the runtime makes. Registering a
 * name twice returns the first metric when it is of the same type, so services may share one registry.
 */
public final class MetricsRegistry {

  /** Default buckets for latencies in seconds, from 10 ms to 10 minutes. */
  public static final double[] SECONDS_BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  // Our own index by exposed name: client_java refuses a second registration, we hand back the first.
  private final Map<String, Object> metrics = new ConcurrentHashMap<>();
  private final AtomicBoolean jvmIncluded = new AtomicBoolean();

  /** A counter; its name ends in {@code _total}, the name it is exposed under. */
  public Counter counter(String name, String help, String... labelNames) {
    return register(name, Counter.class, () -> new Counter(name, help, labelNames, registry));
  }

  public void gauge(String name, String help, DoubleSupplier value) {
    register(name, GaugeWithCallback.class, () -> GaugeWithCallback.builder().name(name).help(help)
        .callback(callback -> callback.call(value.getAsDouble())).register(registry));
  }

  public Histogram histogram(String name, String help, double... bounds) {
    return histogram(name, help, bounds, new String[0]);
  }

  public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
    return register(name, Histogram.class, () -> new Histogram(name, help, bounds, labelNames, registry));
  }

  /**
   * Adds the JVM's and the process's own metrics (heap and pools, buffer pools, GC, threads, classes,
   * CPU seconds, resident memory) once; the observability server calls it for the registry it serves.
   */
  public void includeJvmMetrics() {
    if (jvmIncluded.compareAndSet(false, true)) {
      // One by one rather than JvmMetrics.builder(), which keeps every registry in a static set; left
      // out: native memory (needs -XX:NativeMemoryTracking) and allocation counters (GC listeners).
      JvmMemoryMetrics.builder().register(registry);
      JvmBufferPoolMetrics.builder().register(registry);
      JvmGarbageCollectorMetrics.builder().register(registry);
      JvmThreadsMetrics.builder().register(registry);
      JvmClassLoadingMetrics.builder().register(registry);
      JvmRuntimeInfoMetric.builder().register(registry);
      ProcessMetrics.builder().register(registry);
    }
  }

  /** All metrics in the Prometheus text exposition format (version 0.0.4), families sorted by name. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes what {@link #scrape()} returns to {@code out}. */
  void writeTo(OutputStream out) throws IOException {
    TextExposition.write(registry.scrape(), out);
  }

  private <T> T register(String name, Class<T> type, Supplier<T> create) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("metric name '" + name + "' is not a Prometheus name");
    }
    Object metric = metrics.computeIfAbsent(name, key -> create.get());
    if (!type.isInstance(metric)) {
      throw new IllegalArgumentException("metric " + name + " is already registered as " + metric.getClass().getSimpleName());
    }
    return type.cast(metric);
  }
}
