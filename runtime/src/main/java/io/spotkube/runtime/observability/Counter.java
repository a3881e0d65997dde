package io.spotkube.runtime.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count, optionally split by labels. Thread-safe. */
public final class Counter implements Metric {

  private final String name;
  private final String help;
  private final List<String> labelNames;
  private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();

  Counter(String name, String help, List<String> labelNames) {
    this.name = name;
    this.help = help;
    this.labelNames = List.copyOf(labelNames);
  }

  public void inc(String... labelValues) {
    add(1, labelValues);
  }

  public void add(long amount, String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    values.computeIfAbsent(List.of(labelValues), key -> new LongAdder()).add(amount);
  }

  /** The current count for these label values (0 when never counted). */
  public long value(String... labelValues) {
    LongAdder adder = values.get(List.of(labelValues));
    return adder == null ? 0 : adder.sum();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void writeTo(StringBuilder out) {
    Metric.header(out, name, help, "counter");
    Map<String, Long> sorted = new ConcurrentSkipListMap<>();
    values.forEach((labels, adder) -> sorted.put(Metric.labels(labelNames, labels), adder.sum()));
    if (sorted.isEmpty() && labelNames.isEmpty()) {
      sorted.put("", 0L);
    }
    sorted.forEach((labels, value) -> out.append(name).append(labels).append(' ').append(value).append('\n'));
  }
}
