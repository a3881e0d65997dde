package io.spotkube.runtime.nodecredential.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spotkube.runtime.nodecredential.CredentialRefusal;
import io.spotkube.runtime.nodecredential.CredentialRequest;
import io.spotkube.runtime.text.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /node-credential/v1} on the JDK's HTTP server (kops-controller's port, 3988): the body
 * bounded to 16 KiB (413 beyond), at most {@link #MAX_IN_FLIGHT} requests at once (429 beyond: each
 * holds a thread while the signer works), every answer JSON. Plain HTTP on purpose: the node's key
 * never leaves it, the token is bound to the CSR's hash, and the node checks the CA it gets against
 * the kubeadm CA hash it already has (docs/security.md). Stateless: every replica serves it.
 */
public final class NodeCredentialServer implements AutoCloseable {

  public static final String PATH = "/node-credential/v1";
  static final int MAX_IN_FLIGHT = 8;

  private static final Logger LOG = LoggerFactory.getLogger(NodeCredentialServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads;

  private NodeCredentialServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Starts serving on {@code address} (port 0: any free port). */
  public static NodeCredentialServer start(InetSocketAddress address, NodeCredentialIssuer issuer, Clock clock,
      NodeCredentialMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw new UncheckedIOException("starting the node credential server on " + address + ": " + e.getMessage(), e);
    }
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    server.createContext(PATH, exchange -> {
      try {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
          reply(exchange, 404, "no such path; POST " + PATH);
        } else if (!"POST".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "POST");
          reply(exchange, 405, "POST only");
        } else if (!inFlight.tryAcquire()) {
          metrics.count("throttled");
          reply(exchange, 429, "too many node credential requests in flight; retry");
        } else {
          try {
            answer(exchange, issuer, clock, metrics);
          } finally {
            inFlight.release();
          }
        }
      } catch (IOException | RuntimeException replyFailure) {
        LOG.warn("node credential: answering {}: {}", exchange.getRemoteAddress(),
            SafeText.escape(String.valueOf(replyFailure.getMessage())));
      } finally {
        exchange.close();
      }
    });
    // More threads than requests in flight, so the ones beyond get their 429 at once.
    ExecutorService threads = Executors.newFixedThreadPool(MAX_IN_FLIGHT + 4, runnable -> {
      Thread thread = new Thread(runnable, "node-credential-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.start();
    return new NodeCredentialServer(server, threads);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static void answer(HttpExchange exchange, NodeCredentialIssuer issuer, Clock clock,
      NodeCredentialMetrics metrics) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      metrics.count("malformed");
      reply(exchange, 400, "Content-Type: must be application/json");
      return;
    }
    byte[] body = readBounded(exchange);
    if (body == null) {
      metrics.count("too_large");
      reply(exchange, 413, "body: larger than " + CredentialRequest.MAX_BODY_BYTES + " bytes");
      return;
    }
    String from = String.valueOf(exchange.getRemoteAddress());
    NodeCredentialIssuer.Progress progress = new NodeCredentialIssuer.Progress();
    try {
      NodeCredentialIssuer.Issued issued = issuer.issue(CredentialRequest.parse(body), clock.instant(), progress);
      metrics.count("issued");
      LOG.info("node credential issued: instance {}, node {}, from {}", issued.instanceId(), issued.nodeName(), from);
      reply(exchange, 200, Map.of("certificate", issued.certificate(), "ca", issued.ca()));
    } catch (CredentialRefusal refusal) {
      metrics.count(refusal.kind().outcome());
      LOG.warn("node credential {}: instance {}, node {}, from {}: {}", refusal.kind().outcome(),
          orDash(progress.instanceId()), orDash(progress.nodeName()), from, SafeText.escape(refusal.getMessage()));
      reply(exchange, refusal.kind().status(), refusal.getMessage());
    } catch (NodeCredentialIssuer.PortFailure portFailure) {
      metrics.count("unavailable");
      LOG.warn("node credential unavailable: instance {}, node {}, from {}: {}: {}", orDash(progress.instanceId()),
          orDash(progress.nodeName()), from, portFailure.getMessage(),
          SafeText.escape(String.valueOf(portFailure.getCause().getMessage())));
      reply(exchange, 503, portFailure.getMessage() + "; retry");
    }
  }

  /** The body, or null when it is larger than allowed (read no further than one byte past the bound). */
  private static byte[] readBounded(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > CredentialRequest.MAX_BODY_BYTES) {
          return null;
        }
      } catch (NumberFormatException ignored) {
        // The stream's own length decides below.
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(CredentialRequest.MAX_BODY_BYTES + 1);
      return body.length > CredentialRequest.MAX_BODY_BYTES ? null : body;
    }
  }

  private static String orDash(String value) {
    return value == null ? "-" : SafeText.escape(value);
  }

  private static void reply(HttpExchange exchange, int status, String error) throws IOException {
    reply(exchange, status, Map.of("error", error));
  }

  private static void reply(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
