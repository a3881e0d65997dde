package io.spotkube.runtime.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A small HTTP stand-in in front of moto for the Auto Scaling calls moto does not implement
 * (CompleteLifecycleAction, RecordLifecycleActionHeartbeat answer 500 there): it answers those
 * (checking the parameters AWS requires, recording each call) and forwards every other request to
 * moto unchanged.
 */
public final class LifecycleStandIn implements AutoCloseable {

  private static final Set<String> ANSWERED = Set.of("CompleteLifecycleAction", "RecordLifecycleActionHeartbeat");
  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
      "transfer-encoding", "upgrade");

  private final HttpServer server;
  private final URI moto;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

  private LifecycleStandIn(URI moto) throws IOException {
    this.moto = moto;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public static LifecycleStandIn inFrontOf(MotoServer moto) {
    try {
      return new LifecycleStandIn(moto.endpoint());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The lifecycle calls answered here, each as its form parameters (Action, AutoScalingGroupName ...). */
  public List<Map<String, String>> calls() {
    return List.copyOf(calls);
  }

  public List<Map<String, String>> calls(String action) {
    return calls.stream().filter(call -> action.equals(call.get("Action"))).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
    String action = form.get("Action");
    if (action != null && ANSWERED.contains(action)) {
      answer(exchange, action, form);
      return;
    }
    forward(exchange, body);
  }

  private void answer(HttpExchange exchange, String action, Map<String, String> form) throws IOException {
    for (String required : List.of("AutoScalingGroupName", "LifecycleHookName")) {
      if (form.get(required) == null || form.get(required).isBlank()) {
        reply(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>"
            + required + " is required</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
        return;
      }
    }
    if (form.get("InstanceId") == null && form.get("LifecycleActionToken") == null) {
      reply(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>"
          + "InstanceId or LifecycleActionToken is required</Message></Error></ErrorResponse>");
      return;
    }
    calls.add(Map.copyOf(form));
    reply(exchange, 200, "<" + action + "Response xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><"
        + action + "Result/><ResponseMetadata><RequestId>" + UUID.randomUUID()
        + "</RequestId></ResponseMetadata></" + action + "Response>");
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response.headers().map().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }

  private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }
}
