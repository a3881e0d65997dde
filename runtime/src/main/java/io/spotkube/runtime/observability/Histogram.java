package io.spotkube.runtime.observability;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/** Observations counted into fixed cumulative buckets (seconds, usually), optionally split by labels. Thread-safe. */
public final class Histogram {

  private final String name;
  private final List<String> labelNames;
  private final io.prometheus.metrics.core.metrics.Histogram histogram;

  Histogram(String name, String help, double[] bounds, String[] labelNames, PrometheusRegistry registry) {
    this.name = name;
    this.labelNames = List.of(labelNames);
    // Classic buckets only: the text format cannot carry native histograms, so they would be kept for nothing.
    this.histogram = io.prometheus.metrics.core.metrics.Histogram.builder().name(name).help(help)
        .labelNames(labelNames).classicUpperBounds(bounds).classicOnly().withoutExemplars().register(registry);
  }

  public void observe(double value, String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    histogram.labelValues(labelValues).observe(value);
  }

  /** Observations so far for these label values; reading does not create the series. */
  public long count(String... labelValues) {
    Labels wanted = Labels.of(labelNames.toArray(String[]::new), labelValues);
    return histogram.collect().getDataPoints().stream().filter(point -> point.getLabels().equals(wanted))
        .mapToLong(point -> point.getCount()).findFirst().orElse(0);
  }
}
