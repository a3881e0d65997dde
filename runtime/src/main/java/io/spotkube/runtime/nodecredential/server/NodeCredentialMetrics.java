package io.spotkube.runtime.nodecredential.server;

import io.spotkube.runtime.observability.Counter;
import io.spotkube.runtime.observability.MetricsRegistry;

/** The node credential server's outcomes: {@code spotkube_node_credential_requests_total{outcome}}. */
public final class NodeCredentialMetrics {

  private final Counter requests;

  public NodeCredentialMetrics(MetricsRegistry registry) {
    requests = registry.counter("spotkube_node_credential_requests_total",
        "Node credential requests answered, by outcome: issued, malformed, refused, unavailable, throttled, "
            + "too_large.", "outcome");
  }

  void count(String outcome) {
    requests.inc(outcome);
  }

  /** Requests answered so far with that outcome. */
  public long answered(String outcome) {
    return requests.value(outcome);
  }
}
