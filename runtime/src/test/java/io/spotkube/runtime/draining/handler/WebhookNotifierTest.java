package io.spotkube.runtime.draining.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.spotkube.runtime.testing.Await;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

  @Test
  void rendersUpstreamStylePlaceholdersAsEscapedJson() {
    String body = WebhookNotifier.render("{\"text\":\"{{ .Kind }} on {{.NodeName}}: {{ .Missing }}\"}",
        Map.of("Kind", "SPOT_INTERRUPTION", "NodeName", "node \"a\""));

    assertThat(body).isEqualTo("{\"text\":\"SPOT_INTERRUPTION on node \\\"a\\\": \"}");
  }

  @Test
  void postsTheRenderedBodyToTheUrl() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      new WebhookNotifier(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), null, () -> { })
          .notify(Map.of("Kind", "ASG_TERMINATE", "NodeName", "node-a", "Result", "drained"));

      Await.until(Duration.ofSeconds(10), "the webhook call", () -> received.size() == 1);
      assertThat(received.get(0)).contains("ASG_TERMINATE on node node-a").contains("-> drained");
    } finally {
      server.stop(0);
    }
  }
}
