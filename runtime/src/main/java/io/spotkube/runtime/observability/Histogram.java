package io.spotkube.runtime.observability;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Observations counted into fixed cumulative buckets (seconds, usually), optionally split by labels. Thread-safe. */
public final class Histogram implements Metric {

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

  public void observe(double value, String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    series.computeIfAbsent(List.of(labelValues), key -> new Series(bounds.length)).observe(bounds, value);
  }

  /** Observations so far for these label values. */
  public long count(String... labelValues) {
    Series one = series.get(List.of(labelValues));
    return one == null ? 0 : one.count.sum();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void writeTo(StringBuilder out) {
    Metric.header(out, name, help, "histogram");
    Map<String, Series> sorted = new TreeMap<>();
    series.forEach((labels, one) -> sorted.put(Metric.labels(labelNames, labels), one));
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
