package io.spotkube.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ObservabilityServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesMetricsInThePrometheusTextFormatAndHealth() throws Exception {
    MetricsRegistry registry = new MetricsRegistry();
    registry.counter("spotkube_test_total", "A test counter.", "kind").add(3, "SPOT_INTERRUPTION");
    registry.histogram("spotkube_test_seconds", "A test histogram.", 1, 5).observe(2);
    AtomicBoolean ready = new AtomicBoolean(false);

    try (ObservabilityServer server = ObservabilityServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
        ready::get)) {
      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("# TYPE spotkube_test_total counter",
          "spotkube_test_total{kind=\"SPOT_INTERRUPTION\"} 3",
          "spotkube_test_seconds_bucket{le=\"1.0\"} 0", "spotkube_test_seconds_bucket{le=\"5.0\"} 1",
          "spotkube_test_seconds_count 1");
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthzFailsWhileAServiceMakesNoProgress() throws Exception {
    AtomicBoolean live = new AtomicBoolean(true);

    try (ObservabilityServer server = ObservabilityServer.start(new InetSocketAddress("127.0.0.1", 0),
        new MetricsRegistry(), () -> true, live::get)) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      live.set(false);
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void returnsTheSameMetricWhenRegisteredTwice() {
    MetricsRegistry registry = new MetricsRegistry();
    registry.counter("spotkube_shared_total", "Shared.").inc();
    registry.counter("spotkube_shared_total", "Shared.").inc();

    assertThat(registry.counter("spotkube_shared_total", "Shared.").value()).isEqualTo(2);
  }

  private HttpResponse<String> get(ObservabilityServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
