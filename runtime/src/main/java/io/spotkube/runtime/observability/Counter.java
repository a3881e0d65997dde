package io.spotkube.runtime.observability;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/** A monotonically increasing count, optionally split by labels. Thread-safe. */
public final class Counter {

  private final String name;
  private final List<String> labelNames;
  private final io.prometheus.metrics.core.metrics.Counter counter;
  private final CounterDataPoint unlabelled; // skips the per-call series lookup when there are no labels

  Counter(String name, String help, String[] labelNames, PrometheusRegistry registry) {
    if (!name.endsWith("_total")) {
      // client_java exposes every counter as <name>_total: a name without it would be exposed renamed.
      throw new IllegalArgumentException("counter name '" + name + "' should end in _total");
    }
    this.name = name;
    this.labelNames = List.of(labelNames);
    // Without exemplars: no trace context is looked up on every increment.
    this.counter = io.prometheus.metrics.core.metrics.Counter.builder().name(name).help(help).labelNames(labelNames)
        .withoutExemplars().register(registry);
    this.unlabelled = labelNames.length == 0 ? counter.labelValues() : null;
  }

  public void inc(String... labelValues) {
    add(1, labelValues);
  }

  public void add(long amount, String... labelValues) {
    if (unlabelled != null && labelValues.length == 0) {
      unlabelled.inc(amount);
      return;
    }
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    counter.labelValues(labelValues).inc(amount);
  }

  /** The current count for these label values (0 when never counted); reading does not create the series. */
  public long value(String... labelValues) {
    Labels wanted = Labels.of(labelNames.toArray(String[]::new), labelValues);
    return counter.collect().getDataPoints().stream().filter(point -> point.getLabels().equals(wanted))
        .mapToLong(point -> (long) point.getValue()).findFirst().orElse(0);
  }
}
