package io.spotkube.runtime.nodecredential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * The body of {@code POST /node-credential/v1}: {@code {"csr":"<PEM>","token":"k8s-aws-v1...."}}.
 *
 * @param csrHash lowercase hex SHA-256 of the UTF-8 bytes of {@code csr}: the value the node signed into
 *                its token's {@code x-k8s-aws-id} header, so the token is good for this CSR only
 */
public record CredentialRequest(String csr, String token, String csrHash) {

  /** The most a body may hold; a CSR with a 4096-bit RSA key is under 2 KiB. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("csr", "token");

  /** Reads a body; every failure names the field. */
  public static CredentialRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (java.io.IOException notJson) {
      throw CredentialRefusal.malformed("body: not JSON");
    }
    if (root == null || !root.isObject()) {
      throw CredentialRefusal.malformed("body: not a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw CredentialRefusal.malformed("body: unknown field (only csr and token)");
      }
    }
    String csr = text(root, "csr");
    String token = text(root, "token");
    return new CredentialRequest(csr, token, sha256Hex(csr));
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw CredentialRefusal.malformed(field + ": missing");
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw CredentialRefusal.malformed(field + ": not a non-empty string");
    }
    return value.asText();
  }
}
