package io.spotkube.runtime.observability;

import java.util.function.DoubleSupplier;

/** A value read when scraped (in-flight drains, queue depth ...). */
final class Gauge implements Metric {

  private final String name;
  private final String help;
  private final DoubleSupplier value;

  Gauge(String name, String help, DoubleSupplier value) {
    this.name = name;
    this.help = help;
    this.value = value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void writeTo(StringBuilder out) {
    Metric.header(out, name, help, "gauge");
    out.append(name).append(' ').append(value.getAsDouble()).append('\n');
  }
}
