package io.spotkube.constructs.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spotkube.constructs.testsupport.MotoProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * moto in server mode behind a small HTTP stand-in that answers chosen actions with an AWS
 * throttling error (moto has no fault injection) and forwards every other request unchanged.
 * The AWS CLI is pointed at the stand-in ({@link #endpoint()}).
 */
final class MotoWithFaults implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding");

    private final MotoProcess moto;
    private final HttpServer proxy;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Set<String> throttled = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttledCount = new AtomicInteger();

    MotoWithFaults() throws IOException, InterruptedException {
        moto = MotoProcess.start();
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        proxy.createContext("/", this::handle);
        proxy.start();
    }

    /** Where the AWS CLI should send its requests (AWS_ENDPOINT_URL). */
    String endpoint() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    /** From now on the query-protocol action (e.g. DescribeInstances) answers a throttling error. */
    void throttle(String action) {
        throttled.add(action);
    }

    void stopThrottling() {
        throttled.clear();
    }

    int throttledRequests() {
        return throttledCount.get();
    }

    /** Forgets every resource (moto's reset API), between tests. */
    void reset() throws IOException, InterruptedException {
        stopThrottling();
        client.send(HttpRequest.newBuilder(URI.create(moto.endpoint() + "/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String form = new String(body, StandardCharsets.UTF_8);
            for (String action : throttled) {
                if (form.contains("Action=" + action + "&") || form.endsWith("Action=" + action)) {
                    throttledCount.incrementAndGet();
                    // What EC2 answers when its request rate is exceeded (the CLI retries it, then fails).
                    byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
                            + "<Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors>"
                            + "<RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/xml");
                    exchange.sendResponseHeaders(503, error.length);
                    exchange.getResponseBody().write(error);
                    return;
                }
            }
            forward(exchange, body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(moto.endpoint() + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            // HEAD: the JDK server sends no Content-Length of its own, and the AWS CLI's s3 cp needs it.
            boolean headLength = "HEAD".equals(exchange.getRequestMethod()) && "content-length".equalsIgnoreCase(name);
            if (headLength || !NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        byte[] answer = response.body();
        boolean empty = answer.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : answer.length);
        if (!empty) {
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        proxy.stop(0);
        moto.close();
    }
}
