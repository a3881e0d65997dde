package io.spotkube.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.runtime.testing.PrometheusText;
import io.spotkube.runtime.testing.PrometheusText.Family;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MetricsExpositionTest {

  private final MetricsRegistry registry = new MetricsRegistry();

  @Test
  void theServedExpositionIsStrictPrometheusTextAndCarriesTheJvmHeap() throws Exception {
    // Given every kind of metric the runtime registers, some of them used
    registry.counter("spotkube_test_events_total", "Events, by kind.", "kind").add(2, "SPOT_INTERRUPTION");
    registry.counter("spotkube_test_never_total", "A labelled counter nothing counted yet.", "reason");
    registry.counter("spotkube_test_errors_total", "An unlabelled counter.");
    registry.gauge("spotkube_test_in_flight", "A gauge read when scraped.", () -> 7);
    registry.histogram("spotkube_test_drain_seconds", "An unlabelled histogram.", MetricsRegistry.SECONDS_BUCKETS);
    CallTimer.in(registry).time("sqs.ReceiveMessage", () -> "ok");

    // When /metrics is scraped
    HttpResponse<String> response;
    try (ObservabilityServer server = ObservabilityServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
        () -> true)) {
      response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    // Then it parses strictly, with the runtime's families and the JVM's
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    Map<String, Family> families = PrometheusText.parse(response.body());
    assertThat(families.get("spotkube_test_events_total").value("spotkube_test_events_total{kind=\"SPOT_INTERRUPTION\"}"))
        .isEqualTo(2.0);
    assertThat(families.get("spotkube_test_never_total").help()).isEqualTo("A labelled counter nothing counted yet.");
    assertThat(families.get("spotkube_test_never_total").samples()).isEmpty();
    assertThat(families.get("spotkube_test_errors_total").value("spotkube_test_errors_total")).isZero();
    assertThat(families.get("spotkube_test_in_flight").value("spotkube_test_in_flight")).isEqualTo(7.0);
    assertThat(families.get("spotkube_api_call_seconds")
        .value("spotkube_api_call_seconds_count{call=\"sqs.ReceiveMessage\",result=\"ok\"}")).isEqualTo(1.0);
    Family heap = families.get("jvm_memory_used_bytes");
    assertThat(heap.type()).isEqualTo("gauge");
    assertThat(heap.value("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
    assertThat(families.get("jvm_memory_max_bytes").value("jvm_memory_max_bytes{area=\"heap\"}"))
        .isEqualTo((double) Runtime.getRuntime().maxMemory());
    assertThat(families.get("jvm_memory_pool_used_bytes").samples()).isNotEmpty();
    assertThat(families.get("jvm_gc_collection_seconds").type()).isEqualTo("summary");
    assertThat(families.get("jvm_threads_current").value("jvm_threads_current")).isPositive();
    assertThat(families.get("process_cpu_seconds_total").type()).isEqualTo("counter");
  }

  @Test
  void aPlainRegistryHasOnlyWhatWasRegisteredEachFamilyOnce() {
    registry.counter("spotkube_test_kept_total", "Kept, by reason.", "reason");
    registry.histogram("spotkube_test_call_seconds", "Calls, by call.", new double[] {1, 5}, "call").observe(2, "a");

    Map<String, Family> families = PrometheusText.parse(registry.scrape());

    assertThat(families).containsOnlyKeys("spotkube_test_kept_total", "spotkube_test_call_seconds");
    assertThat(families.get("spotkube_test_kept_total").type()).isEqualTo("counter");
    assertThat(families.get("spotkube_test_call_seconds").samples()).extracting(PrometheusText.Sample::series)
        .containsExactly("spotkube_test_call_seconds_bucket{call=\"a\",le=\"1.0\"}",
            "spotkube_test_call_seconds_bucket{call=\"a\",le=\"5.0\"}",
            "spotkube_test_call_seconds_bucket{call=\"a\",le=\"+Inf\"}",
            "spotkube_test_call_seconds_count{call=\"a\"}", "spotkube_test_call_seconds_sum{call=\"a\"}");
  }

  @Test
  void labelValuesAreEscapedAndReadBackUnchanged() {
    String awkward = "a \"quoted\" back\\slash and\nnewline";
    registry.counter("spotkube_test_reasons_total", "Reasons.", "reason").inc(awkward);

    Family family = PrometheusText.parse(registry.scrape()).get("spotkube_test_reasons_total");

    assertThat(family.samples()).singleElement().satisfies(sample -> {
      assertThat(sample.labels()).containsEntry("reason", awkward);
      assertThat(sample.value()).isEqualTo(1.0);
    });
  }

  @Test
  void readingACountCreatesNoSeries() {
    Counter counter = registry.counter("spotkube_test_results_total", "Results.", "result");
    Histogram histogram = registry.histogram("spotkube_test_wait_seconds", "Waits.", new double[] {1}, "queue");

    assertThat(counter.value("ok")).isZero();
    assertThat(histogram.count("q")).isZero();
    counter.add(3, "ok");
    histogram.observe(0.5, "q");
    assertThat(counter.value("ok")).isEqualTo(3);
    assertThat(histogram.count("q")).isEqualTo(1);
    assertThat(PrometheusText.parse(registry.scrape()).values()).flatExtracting(Family::samples)
        .extracting(PrometheusText.Sample::series).doesNotContain("spotkube_test_results_total{result=\"error\"}")
        .contains("spotkube_test_results_total{result=\"ok\"}");
  }

  @Test
  void aCounterIsNamedAsExposedWithTotal() {
    // client_java would expose "spotkube_test_events" as spotkube_test_events_total: refused instead of renamed
    assertThatThrownBy(() -> registry.counter("spotkube_test_events", "Events."))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("should end in _total");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a second TYPE             | '# TYPE a gauge\n# TYPE a gauge\n'                            | a second TYPE",
      "a second HELP             | '# HELP a x\n# HELP a y\n# TYPE a gauge\n'                    | a second HELP",
      "metadata after samples    | '# TYPE a gauge\na 1\n# HELP a x\n'                           | after its samples",
      "a sample without a TYPE   | 'a 1\n'                                                        | outside its typed family",
      "a family reopened         | '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n'              | outside its typed family",
      "a TYPE reopened           | '# TYPE a gauge\n# TYPE b gauge\n# TYPE a gauge\n'            | a reopened",
      "a series twice            | '# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n'                  | twice",
      "a foreign sample name     | '# TYPE a counter\nab 1\n'                                     | outside its typed family",
      "a value that is no number | '# TYPE a gauge\na one\n'                                      | not a number",
      "a trailing label comma    | '# TYPE a gauge\na{x=\"1\",} 1\n'                               | malformed labels",
      "buckets not cumulative    | '# TYPE h histogram\nh_bucket{le=\"1.0\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n' | not cumulative",
      "no final newline          | '# TYPE a gauge\na 1'                                          | newline",
  })
  void theStrictReaderRefusesWhatPrometheusWouldRefuse(String what, String text, String reason) {
    assertThatThrownBy(() -> PrometheusText.parse(text.replace("\\n", "\n"))).as(what)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
  }

  @Test
  void theStrictReaderAcceptsAWellFormedExposition() {
    String text = "# HELP h Waits.\n# TYPE h histogram\nh_bucket{le=\"1.0\",q=\"a\"} 1\nh_bucket{le=\"+Inf\",q=\"a\"} 2\n"
        + "h_count{q=\"a\"} 2\nh_sum{q=\"a\"} 3.5\n# TYPE c_total counter\nc_total 1.0\n";

    assertThat(PrometheusText.parse(text)).containsOnlyKeys("h", "c_total");
  }
}
