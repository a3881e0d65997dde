package io.spotkube.runtime.nodecredential.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.nodecredential.StsToken;
import io.spotkube.runtime.nodecredential.TestCsrs;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.CallerIdentity;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.NodeCertificates;
import io.spotkube.runtime.testing.Await;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP edge: bounded bodies, bounded concurrency, JSON errors; the issuer behind it on fake ports. */
class NodeCredentialServerTest {

  private static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");
  private static final String TOKEN = StsToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString((
      "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
          + "&X-Amz-Credential=ASIAEXAMPLE%2F20261130%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261130T015900Z"
          + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=00")
      .getBytes(StandardCharsets.UTF_8));

  private final CountDownLatch stsAnswers = new CountDownLatch(1);
  private final AtomicInteger stsCalls = new AtomicInteger();
  private final MetricsRegistry registry = new MetricsRegistry();
  private final NodeCredentialMetrics metrics = new NodeCredentialMetrics(registry);
  private NodeCredentialServer server;

  /** STS that holds every call until released, then says the caller is not a node role. */
  private final CallerIdentity slowSts = (token, hash) -> {
    stsCalls.incrementAndGet();
    try {
      stsAnswers.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "arn:aws:sts::123456789012:assumed-role/someone-else/i-0123456789abcdef0";
  };

  private URI start() {
    NodeCertificates unused = new NodeCertificates() {
      @Override
      public Optional<String> providerIdOfNode(String nodeName) {
        throw new AssertionError("not reached");
      }

      @Override
      public String issue(Request request) {
        throw new AssertionError("not reached");
      }

      @Override
      public String clusterCa() {
        throw new AssertionError("not reached");
      }
    };
    NodeCredentialIssuer issuer = new NodeCredentialIssuer(slowSts, id -> Optional.empty(), unused,
        new ClusterOwnership("spot", null), Set.of("nodes"));
    server = NodeCredentialServer.start(new InetSocketAddress("127.0.0.1", 0), issuer, Clock.fixed(NOW, ZoneOffset.UTC),
        metrics);
    return URI.create("http://127.0.0.1:" + server.port() + NodeCredentialServer.PATH);
  }

  @AfterEach
  void stop() {
    stsAnswers.countDown();
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest post(URI uri, String contentType, String body) {
    return HttpRequest.newBuilder(uri).header("Content-Type", contentType).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static String body() {
    return "{\"csr\":\"" + TestCsrs.nodeCsr("ip-10-0-1-5.ec2.internal").replace("\n", "\\n") + "\",\"token\":\"" + TOKEN
        + "\"}";
  }

  @Test
  void aBodyOver16KibIs413AndNeverParsed() {
    URI uri = start();

    HttpResponse<String> response = send(post(uri, "application/json", "{\"csr\":\"" + "a".repeat(17 * 1024) + "\"}"));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("{\"error\":\"body: larger than 16384 bytes\"}");
    assertThat(metrics.answered("too_large")).isEqualTo(1);
  }

  @Test
  void otherContentTypesMethodsAndPathsAreRefusedAsJson() {
    URI uri = start();

    assertThat(send(post(uri, "text/plain", body())).body()).isEqualTo(
        "{\"error\":\"Content-Type: must be application/json\"}");
    assertThat(send(HttpRequest.newBuilder(uri).GET().build()).statusCode()).isEqualTo(405);
    assertThat(send(post(uri.resolve("/node-credential/v1/other"), "application/json", body())).statusCode())
        .isEqualTo(404);
    assertThat(stsCalls).hasValue(0);
  }

  @Test
  void aRefusalIs403WithTheReason() {
    URI uri = start();
    stsAnswers.countDown();

    HttpResponse<String> response = send(post(uri, "application/json", body()));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("signed by role someone-else, which is not a node role of this cluster");
    assertThat(metrics.answered("refused")).isEqualTo(1);
  }

  @Test
  void beyondEightInFlightTheNextIs429AtOnce() {
    URI uri = start();
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < NodeCredentialServer.MAX_IN_FLIGHT; i++) {
      held.add(CompletableFuture.supplyAsync(() -> send(post(uri, "application/json", body()))));
    }
    Await.until(Duration.ofSeconds(20), "8 requests held at STS", () -> stsCalls.get() == NodeCredentialServer.MAX_IN_FLIGHT);

    HttpResponse<String> ninth = send(post(uri, "application/json", body()));

    assertThat(ninth.statusCode()).isEqualTo(429);
    stsAnswers.countDown();
    assertThat(held).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(403));
    assertThat(metrics.answered("throttled")).isEqualTo(1);
  }
}
