package io.spotkube.constructs.bootstrap;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The check the node-credential server makes of a token from {@code aws eks get-token}, done
 * offline: {@code k8s-aws-v1.} + base64url of an STS GetCallerIdentity URL presigned with SigV4,
 * whose signed headers must include {@code x-k8s-aws-id}. STS verifies the signature in the cloud;
 * here it is recomputed with the test secret, so a token signed for another {@code x-k8s-aws-id}
 * (another CSR) does not verify.
 */
final class StsTokens {

    private static final String PREFIX = "k8s-aws-v1.";
    /** The payload hash of a presigned GET (botocore signs the empty body). */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private StsTokens() {
    }

    /** Returns the token's X-Amz-SignedHeaders; throws IllegalArgumentException naming what is wrong. */
    static String verify(String token, String expectedAwsId, String secretKey) {
        if (!token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("token does not start with " + PREFIX);
        }
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8));
        Map<String, String> query = new TreeMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
        }
        require("GetCallerIdentity".equals(query.get("Action")), "Action " + query.get("Action"));
        require("2011-06-15".equals(query.get("Version")), "Version " + query.get("Version"));
        require("AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm")), "X-Amz-Algorithm " + query.get("X-Amz-Algorithm"));
        String signedHeaders = query.getOrDefault("X-Amz-SignedHeaders", "");
        require(List.of(signedHeaders.split(";")).equals(List.of("host", "x-k8s-aws-id")),
                "X-Amz-SignedHeaders " + signedHeaders + " (want host;x-k8s-aws-id)");
        String signature = query.remove("X-Amz-Signature");
        String[] scope = query.get("X-Amz-Credential").split("/", 2);
        StringBuilder canonicalQuery = new StringBuilder();
        query.forEach((key, value) -> canonicalQuery.append(canonicalQuery.isEmpty() ? "" : "&")
                .append(encode(key)).append('=').append(encode(value)));
        String host = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String canonicalRequest = String.join("\n", "GET", path, canonicalQuery,
                "host:" + host + "\nx-k8s-aws-id:" + expectedAwsId + "\n", signedHeaders, EMPTY_SHA256);
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", query.get("X-Amz-Date"), scope[1],
                HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        String[] parts = scope[1].split("/"); // date/region/service/aws4_request
        byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        for (String part : parts) {
            key = hmac(key, part);
        }
        String expected = HexFormat.of().formatHex(hmac(key, stringToSign));
        require(expected.equals(signature), "the token's signature does not cover x-k8s-aws-id " + expectedAwsId
                + " (or was not made with the test credentials)");
        require("sts".equals(parts[2]), "service " + parts[2]);
        return signedHeaders;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** SigV4's URI encoding: everything but A-Z a-z 0-9 - _ . ~ as %XX. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("token: " + problem);
        }
    }
}
