package io.spotkube.constructs.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The runtime's node-credential server (protocol v1, docs/bootstrap.md) as a worker sees it: checks
 * each request's shape and its STS token as the server will (the presigned GetCallerIdentity URL's
 * SigV4 signature, recomputed with the sandbox's test secret, must cover {@code x-k8s-aws-id} = the
 * SHA-256 of the CSR sent), and signs the CSR with a CA given as files. What it saw is recorded;
 * a request that breaks the protocol is answered 400 and listed in {@link #problems()}.
 */
final class NodeCredentialServerStandIn implements AutoCloseable {

    /** What the sandbox's {@code aws eks get-token} signs with (sandbox/aws). */
    private static final String TEST_SECRET = "testing";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server understood it. */
    record Request(String csrSubject, String csrHash, String signedHeaders, int status, String issuedCertificate) {
    }

    private final HttpServer server;
    private final Path work;
    private final Path caCertificate;
    private final Path caKey;
    private final Deque<Integer> cannedStatuses = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private Path answerCaCertificate;

    /** Signs with the CA in these files (read at each request: a control plane may create them later). */
    NodeCredentialServerStandIn(Path work, Path caCertificate, Path caKey) {
        this.work = work;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        try {
            Files.createDirectories(work);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/node-credential/v1", this::handle);
        server.start();
    }

    String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests are answered with these statuses (and an error), before any is signed. */
    synchronized NodeCredentialServerStandIn answerFirst(int... statuses) {
        for (int status : statuses) {
            cannedStatuses.add(status);
        }
        return this;
    }

    /** Answers this CA certificate instead of the signing one (a server the node must not trust). */
    synchronized NodeCredentialServerStandIn answerCa(Path otherCaCertificate) {
        this.answerCaCertificate = otherCaCertificate;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String problem = null;
            Request request = null;
            try {
                request = check(exchange, body);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                problems.add(problem);
                respond(exchange, 400, Map.of("error", problem));
                return;
            }
            Integer canned = cannedStatuses.poll();
            if (canned != null) {
                requests.add(new Request(request.csrSubject(), request.csrHash(), request.signedHeaders(), canned, null));
                respond(exchange, canned, Map.of("error", "stand-in answers " + canned));
                return;
            }
            String certificate = sign(body);
            requests.add(new Request(request.csrSubject(), request.csrHash(), request.signedHeaders(), 200, certificate));
            String ca = Files.readString(answerCaCertificate != null ? answerCaCertificate : caCertificate);
            respond(exchange, 200, Map.of("certificate", certificate, "ca", ca));
        }
    }

    private Request check(HttpExchange exchange, byte[] body) {
        require("POST".equals(exchange.getRequestMethod()), "method " + exchange.getRequestMethod());
        require("application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type")), "Content-Type "
                + exchange.getRequestHeaders().getFirst("Content-Type"));
        require(body.length <= 16 * 1024, "body over 16 KiB");
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getMessage());
        }
        require(json.isObject() && json.size() == 2 && json.path("csr").isTextual() && json.path("token").isTextual(),
                "body must be {\"csr\":...,\"token\":...}: " + json);
        String csr = json.get("csr").asText();
        String csrHash = HexFormat.of().formatHex(StsTokens.sha256(csr.getBytes(StandardCharsets.UTF_8)));
        String signedHeaders = StsTokens.verify(json.get("token").asText(), csrHash, TEST_SECRET);
        return new Request(csrSubject(csr), csrHash, signedHeaders, 0, null);
    }

    /** The CSR's subject, one RDN a line in order; it must be a valid, self-signed request with no extensions. */
    private String csrSubject(String csr) {
        Path file = write("request.csr", csr);
        RepositoryTools.Result verify = openssl("req", "-in", file.toString(), "-noout", "-verify");
        require(verify.exitCode() == 0, "CSR does not verify: " + verify.output());
        RepositoryTools.Result text = openssl("req", "-in", file.toString(), "-noout", "-text");
        require(!text.output().contains("X509v3"), "CSR has extensions: " + text.output());
        RepositoryTools.Result subject = openssl("req", "-in", file.toString(), "-noout", "-subject", "-nameopt", "sep_multiline");
        return subject.output().lines().skip(1).map(String::strip).filter(line -> !line.isEmpty())
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private String sign(byte[] body) throws IOException {
        Path csr = write("request.csr", JSON.readTree(body).get("csr").asText());
        Path certificate = work.resolve("issued.crt");
        RepositoryTools.Result signed = openssl("x509", "-req", "-in", csr.toString(), "-CA", caCertificate.toString(),
                "-CAkey", caKey.toString(), "-set_serial", Long.toString(System.nanoTime()), "-days", "1",
                "-out", certificate.toString());
        if (signed.exitCode() != 0) {
            throw new IllegalStateException("signing the CSR: " + signed.output());
        }
        return Files.readString(certificate);
    }

    private static RepositoryTools.Result openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return RepositoryTools.run(command, 30);
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(work.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
