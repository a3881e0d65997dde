package io.spotkube.runtime.testing;

import io.spotkube.runtime.observability.MetricsRegistry;

/** One series' value as a scraper of {@code /metrics} would read it from a registry's Prometheus text. */
public final class Scraped {

  private Scraped() {
  }

  /** The value of {@code series} (name with labels, as exposed), 0 when the registry does not expose it. */
  public static double value(MetricsRegistry registry, String series) {
    String prefix = series + " ";
    return registry.scrape().lines().filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim())).findFirst().orElse(0);
  }
}
