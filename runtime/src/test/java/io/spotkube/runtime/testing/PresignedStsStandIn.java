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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What moto 5.2.5 lacks for node credentials: STS GetCallerIdentity by a presigned URL. moto names the
 * caller only from an {@code Authorization} header (the query's {@code X-Amz-Credential} is ignored, it
 * answers {@code user/moto}) and checks no signature, so a token for another CSR would pass. This stand-in
 * does what STS does with such a request, and no more: it checks the SigV4 query signature over the
 * signed headers ({@code host} as STS's own host, {@code x-k8s-aws-id} as received) with the secret of the
 * access key (registered by the test from moto's AssumeRole answer) and the expiry, then asks moto who that
 * access key is (its assumed-role ARN) with an {@code Authorization} header naming the key.
 */
public final class PresignedStsStandIn implements AutoCloseable {

  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final URI moto;
  private final HttpClient http = HttpClient.newHttpClient();

  private PresignedStsStandIn(URI moto) {
    this.moto = moto;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public static PresignedStsStandIn inFrontOf(MotoServer moto) {
    return new PresignedStsStandIn(moto.endpoint());
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The secret STS knows for an access key (moto's AssumeRole answer). */
  public void knowCredentials(String accessKeyId, String secretAccessKey) {
    secrets.put(accessKeyId, secretAccessKey);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String rawQuery = exchange.getRequestURI().getRawQuery();
      Map<String, String> query = new TreeMap<>();
      List<String> canonical = new ArrayList<>();
      for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String name = pair.substring(0, equals);
        query.put(name, URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        if (!name.equals("X-Amz-Signature")) {
          canonical.add(pair);
        }
      }
      canonical.sort(null);
      String[] credential = query.getOrDefault("X-Amz-Credential", "").split("/");
      String secret = credential.length == 5 ? secrets.get(credential[0]) : null;
      if (secret == null) {
        reply(exchange, 403, error("InvalidClientTokenId", "The security token included in the request is invalid."));
        return;
      }
      Instant signedAt = LocalDateTime.parse(query.get("X-Amz-Date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
      if (Instant.now().isAfter(signedAt.plusSeconds(Long.parseLong(query.getOrDefault("X-Amz-Expires", "0"))))) {
        reply(exchange, 403, error("ExpiredToken", "Request has expired"));
        return;
      }
      String region = credential[2];
      boolean good = false;
      for (String host : List.of("sts." + region + ".amazonaws.com", "sts.amazonaws.com")) {
        for (String payload : List.of(EMPTY_SHA256, "UNSIGNED-PAYLOAD")) {
          good |= signature(exchange, query, String.join("&", canonical), host, payload, secret, credential)
              .equals(query.get("X-Amz-Signature"));
        }
      }
      if (!good) {
        reply(exchange, 403, error("SignatureDoesNotMatch", "The request signature we calculated does not match"));
        return;
      }
      HttpResponse<byte[]> caller = http.send(HttpRequest.newBuilder(moto.resolve("/?Action=GetCallerIdentity&Version=2011-06-15"))
          .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + credential[0] + "/" + credential[1] + "/" + region
              + "/sts/aws4_request, SignedHeaders=host, Signature=0").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      reply(exchange, caller.statusCode(), caller.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | GeneralSecurityException badRequest) {
      try {
        reply(exchange, 400, error("MalformedQueryString", String.valueOf(badRequest)));
      } catch (IOException ignored) {
        // the client went away
      }
    } finally {
      exchange.close();
    }
  }

  /** SigV4 of the presigned GET as the signer computed it, for one candidate host and payload hash. */
  private static String signature(HttpExchange exchange, Map<String, String> query, String canonicalQuery, String host,
      String payload, String secret, String[] credential) throws GeneralSecurityException {
    StringBuilder headers = new StringBuilder();
    String signedHeaders = query.getOrDefault("X-Amz-SignedHeaders", "");
    for (String name : signedHeaders.split(";")) {
      String value = name.equals("host") ? host : exchange.getRequestHeaders().getFirst(name);
      headers.append(name).append(':').append(value == null ? "" : value.strip()).append('\n');
    }
    String canonicalRequest = "GET\n/\n" + canonicalQuery + "\n" + headers + "\n" + signedHeaders + "\n" + payload;
    String scope = credential[1] + "/" + credential[2] + "/" + credential[3] + "/" + credential[4];
    String toSign = "AWS4-HMAC-SHA256\n" + query.get("X-Amz-Date") + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    for (String part : List.of(credential[1], credential[2], credential[3], credential[4])) {
      key = hmac(key, part);
    }
    return HexFormat.of().formatHex(hmac(key, toSign));
  }

  private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256Hex(String text) throws GeneralSecurityException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] error(String code, String message) {
    return ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code
        + "</Code><Message>" + message + "</Message></Error></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
