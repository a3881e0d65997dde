package io.spotkube.runtime.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus text: the registry's metrics and the JVM's own), {@code /healthz}
 * (liveness: every service makes progress) and {@code /readyz} (readiness: every service started) on the JDK's
 * HTTP server. Not client_java's HTTPServer: it drags in the protobuf format (a 2 MB jar) and takes one
 * handler besides /metrics, so /healthz and /readyz would be routed by our code all the same.
 */
public final class ObservabilityServer implements AutoCloseable {

  private final HttpServer server;

  private ObservabilityServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code address} (port 0 picks a free port). */
  public static ObservabilityServer start(InetSocketAddress address, MetricsRegistry metrics, BooleanSupplier ready) {
    return start(address, metrics, ready, () -> true);
  }

  /** As {@link #start(InetSocketAddress, MetricsRegistry, BooleanSupplier)}; {@code /healthz} answers 503 when {@code live} is false. */
  public static ObservabilityServer start(InetSocketAddress address, MetricsRegistry metrics, BooleanSupplier ready,
      BooleanSupplier live) {
    metrics.includeJvmMetrics();
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("starting the metrics and health server on " + address + ": " + e.getMessage(), e);
    }
    server.createContext("/metrics", exchange -> {
      ByteArrayOutputStream body = new ByteArrayOutputStream(16384);
      metrics.writeTo(body);
      reply(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toByteArray());
    });
    server.createContext("/healthz", exchange -> {
      boolean isLive = live.getAsBoolean();
      reply(exchange, isLive ? 200 : 503, "text/plain",
          (isLive ? "ok\n" : "not making progress\n").getBytes(StandardCharsets.UTF_8));
    });
    server.createContext("/readyz", exchange -> {
      boolean isReady = ready.getAsBoolean();
      reply(exchange, isReady ? 200 : 503, "text/plain",
          (isReady ? "ready\n" : "not ready\n").getBytes(StandardCharsets.UTF_8));
    });
    server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "observability-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return new ObservabilityServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void reply(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
