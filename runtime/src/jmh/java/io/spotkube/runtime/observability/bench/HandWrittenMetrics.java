package io.spotkube.runtime.observability.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The runtime's hand-written registry and exposition as they were before client_java (commit f03090f,
 * observability/{Counter,Gauge,Histogram,Metric,MetricsRegistry}), condensed into one file and kept
 * only as {@link MetricsBenchmark}'s baseline. Same data structures and the same writing code.
 */
final class HandWrittenMetrics {

  private final Map<String, Family> metrics = new ConcurrentSkipListMap<>();

  Counter counter(String name, String help, String... labelNames) {
    return (Counter) metrics.computeIfAbsent(name, key -> new Counter(name, help, List.of(labelNames)));
  }

  void gauge(String name, String help, DoubleSupplier value) {
    metrics.computeIfAbsent(name, key -> new Gauge(name, help, value));
  }

  Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
    return (Histogram) metrics.computeIfAbsent(name, key -> new Histogram(name, help, bounds, List.of(labelNames)));
  }

  String scrape() {
    StringBuilder out = new StringBuilder();
    metrics.values().forEach(metric -> metric.writeTo(out));
    return out.toString();
  }

  private interface Family {
    void writeTo(StringBuilder out);
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String labels(List<String> names, List<String> values) {
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      String value = values.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
      out.append(i == 0 ? "" : ",").append(names.get(i)).append("=\"").append(value).append('"');
    }
    return out.append('}').toString();
  }

  static final class Counter implements Family {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = List.copyOf(labelNames);
    }

    void inc(String... labelValues) {
      add(1, labelValues);
    }

    void add(long amount, String... labelValues) {
      if (labelValues.length != labelNames.size()) {
        throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
      }
      values.computeIfAbsent(List.of(labelValues), key -> new LongAdder()).add(amount);
    }

    @Override
    public void writeTo(StringBuilder out) {
      header(out, name, help, "counter");
      Map<String, Long> sorted = new ConcurrentSkipListMap<>();
      values.forEach((labels, adder) -> sorted.put(labels(labelNames, labels), adder.sum()));
      if (sorted.isEmpty() && labelNames.isEmpty()) {
        sorted.put("", 0L);
      }
      sorted.forEach((labels, value) -> out.append(name).append(labels).append(' ').append(value).append('\n'));
    }
  }

  static final class Gauge implements Family {
    private final String name;
    private final String help;
    private final DoubleSupplier value;

    Gauge(String name, String help, DoubleSupplier value) {
      this.name = name;
      this.help = help;
      this.value = value;
    }

    @Override
    public void writeTo(StringBuilder out) {
      header(out, name, help, "gauge");
      out.append(name).append(' ').append(value.getAsDouble()).append('\n');
    }
  }

  static final class Histogram implements Family {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final List<String> labelNames;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.bounds = bounds.clone();
      Arrays.sort(this.bounds);
      this.labelNames = List.copyOf(labelNames);
    }

    void observe(double value, String... labelValues) {
      if (labelValues.length != labelNames.size()) {
        throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
      }
      series.computeIfAbsent(List.of(labelValues), key -> new Series(bounds.length)).observe(bounds, value);
    }

    @Override
    public void writeTo(StringBuilder out) {
      header(out, name, help, "histogram");
      Map<String, Series> sorted = new TreeMap<>();
      series.forEach((labels, one) -> sorted.put(labels(labelNames, labels), one));
      sorted.forEach((labels, one) -> {
        String prefix = labels.isEmpty() ? "{" : labels.substring(0, labels.length() - 1) + ",";
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
          cumulative += one.counts[i].sum();
          out.append(name).append("_bucket").append(prefix).append("le=\"").append(bounds[i]).append("\"} ")
              .append(cumulative).append('\n');
        }
        out.append(name).append("_bucket").append(prefix).append("le=\"+Inf\"} ").append(one.count.sum()).append('\n');
        out.append(name).append("_sum").append(labels).append(' ').append(one.sum.sum()).append('\n');
        out.append(name).append("_count").append(labels).append(' ').append(one.count.sum()).append('\n');
      });
    }

    private static final class Series {
      private final LongAdder[] counts;
      private final LongAdder count = new LongAdder();
      private final DoubleAdder sum = new DoubleAdder();

      Series(int buckets) {
        counts = new LongAdder[buckets];
        Arrays.setAll(counts, i -> new LongAdder());
      }

      void observe(double[] bounds, double value) {
        for (int i = 0; i < bounds.length; i++) {
          if (value <= bounds[i]) {
            counts[i].increment();
            break;
          }
        }
        count.increment();
        sum.add(value);
      }
    }
  }
}
