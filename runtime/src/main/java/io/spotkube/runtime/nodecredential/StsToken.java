package io.spotkube.runtime.nodecredential;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node's token as aws-iam-authenticator reads it: {@code k8s-aws-v1.} and the base64url of a presigned
 * STS GetCallerIdentity URL (what {@code aws eks get-token} prints). Checked here without I/O: the URL
 * can only be sent to STS itself (no other host, path or parameter, so the runtime cannot be made to
 * call anywhere else), it signs the {@code x-k8s-aws-id} header (which binds it to one CSR), and it is
 * fresh. Whether the signature is good only STS can say: {@link #host()} and {@link #rawQuery()} are
 * what the runtime sends it.
 *
 * @param host     the STS host the URL was signed for
 * @param rawQuery the query exactly as signed (re-encoding it would break the signature)
 */
public record StsToken(String host, String rawQuery) {

  public static final String PREFIX = "k8s-aws-v1.";
  /** The header the node signed; its value must be the CSR's hash. */
  public static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
  /** aws-iam-authenticator's bound on a token's age (and, here, its skew into the future). */
  public static final Duration MAX_AGE = Duration.ofMinutes(15);

  /** A token of a 2 KiB URL is plenty (session tokens are about 1 KiB). */
  private static final int MAX_TOKEN_CHARS = 8 * 1024;
  private static final Pattern STS_HOST =
      Pattern.compile("sts(\\.[a-z]{2}(-[a-z]+)+-\\d+)?\\.amazonaws\\.com(\\.cn)?");
  /** aws-iam-authenticator's allowlist of query parameters, lowercased. */
  private static final Set<String> PARAMETERS = Set.of("action", "version", "x-amz-algorithm", "x-amz-credential",
      "x-amz-date", "x-amz-expires", "x-amz-signedheaders", "x-amz-signature", "x-amz-security-token");
  private static final Set<String> REQUIRED = Set.of("action", "version", "x-amz-algorithm", "x-amz-credential",
      "x-amz-date", "x-amz-signedheaders", "x-amz-signature");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  /** Reads and checks a token at {@code now}: 400 when unreadable, 403 when readable but not acceptable. */
  public static StsToken verify(String token, Instant now) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw CredentialRefusal.malformed("token: longer than " + MAX_TOKEN_CHARS + " characters");
    }
    if (!token.startsWith(PREFIX)) {
      throw CredentialRefusal.malformed("token: does not start with " + PREFIX);
    }
    String url;
    try {
      url = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw CredentialRefusal.malformed("token: not base64url after " + PREFIX);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException notUrl) {
      throw CredentialRefusal.malformed("token: not a URL");
    }
    if (!"https".equals(uri.getScheme())) {
      throw CredentialRefusal.refused("token: the URL's scheme is not https");
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    if (!STS_HOST.matcher(host).matches() || uri.getPort() != -1 || uri.getRawUserInfo() != null) {
      throw CredentialRefusal.refused("token: the URL's host is not an STS endpoint (sts[.<region>].amazonaws.com)");
    }
    if (!"/".equals(uri.getRawPath()) || uri.getRawFragment() != null) {
      throw CredentialRefusal.refused("token: the URL's path is not /");
    }
    String rawQuery = uri.getRawQuery();
    if (rawQuery == null || rawQuery.isEmpty()) {
      throw CredentialRefusal.refused("token: the URL has no query");
    }
    Map<String, String> query = query(rawQuery);
    for (String required : REQUIRED) {
      if (!query.containsKey(required)) {
        throw CredentialRefusal.refused("token: the URL has no " + required + " parameter");
      }
    }
    if (!"GetCallerIdentity".equals(query.get("action"))) {
      throw CredentialRefusal.refused("token: Action is not GetCallerIdentity");
    }
    if (!"2011-06-15".equals(query.get("version"))) {
      throw CredentialRefusal.refused("token: Version is not 2011-06-15");
    }
    if (!Arrays.asList(query.get("x-amz-signedheaders").toLowerCase(Locale.ROOT).split(";"))
        .contains(CLUSTER_ID_HEADER)) {
      throw CredentialRefusal.refused("token: X-Amz-SignedHeaders does not sign " + CLUSTER_ID_HEADER
          + ": it would be good for any CSR");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(query.get("x-amz-date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException badDate) {
      throw CredentialRefusal.malformed("token: X-Amz-Date is not yyyyMMddTHHmmssZ");
    }
    if (Duration.between(signedAt, now).abs().compareTo(MAX_AGE) > 0) {
      throw CredentialRefusal.refused("token: signed at " + signedAt + ", more than " + MAX_AGE.toMinutes()
          + " minutes from now (" + now + "): expired or a wrong clock");
    }
    return new StsToken(host, rawQuery);
  }

  /** The query's parameters by lowercased name; unknown or repeated ones are refused. */
  private static Map<String, String> query(String rawQuery) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8)
            .toLowerCase(Locale.ROOT);
        value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException badEscape) {
        throw CredentialRefusal.malformed("token: the URL's query is not percent-encoded correctly");
      }
      if (!PARAMETERS.contains(name)) {
        throw CredentialRefusal.refused("token: the URL has a parameter STS presigning does not use");
      }
      if (parameters.put(name, value) != null) {
        throw CredentialRefusal.refused("token: the URL repeats the parameter " + name);
      }
    }
    return parameters;
  }
}
