package io.spotkube.runtime.nodecredential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StsTokenTest {

  private static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");
  private static final String QUERY = "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
      + "&X-Amz-Credential=ASIAEXAMPLE%2F20261130%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20261130T015900Z"
      + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Security-Token=FwoG%2Bsession"
      + "&X-Amz-Signature=0123456789abcdef";

  /** What {@code aws eks get-token} prints for that URL: the prefix and unpadded base64url. */
  static String token(String url) {
    return StsToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPresignedGetCallerIdentityForTheClusterHeaderIsSentAsSigned() {
    StsToken token = StsToken.verify(token("https://sts.eu-west-1.amazonaws.com/?" + QUERY), NOW);

    assertThat(token.host()).isEqualTo("sts.eu-west-1.amazonaws.com");
    assertThat(token.rawQuery()).isEqualTo(QUERY);
  }

  @Test
  void theGlobalAndChinaEndpointsAreStsToo() {
    assertThat(StsToken.verify(token("https://sts.amazonaws.com/?" + QUERY), NOW).host()).isEqualTo("sts.amazonaws.com");
    assertThat(StsToken.verify(token("https://sts.cn-north-1.amazonaws.com.cn/?" + QUERY), NOW).host())
        .isEqualTo("sts.cn-north-1.amazonaws.com.cn");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "https://evil.example.com/; host is not an STS endpoint",
      "https://sts.amazonaws.com.evil.example.com/; host is not an STS endpoint",
      "https://sts.eu-west-1.amazonaws.com:8443/; host is not an STS endpoint",
      "https://user@sts.amazonaws.com/; host is not an STS endpoint",
      "http://sts.amazonaws.com/; scheme is not https",
      "https://sts.amazonaws.com/other; path is not /"})
  void aUrlThatIsNotStsIsRefusedBeforeAnyCall(String prefix, String message) {
    assertRefused(token(prefix + "?" + QUERY), message);
  }

  @Test
  void aTokenNotSigningTheClusterHeaderIsGoodForAnyCsrAndRefused() {
    assertRefused(token("https://sts.amazonaws.com/?" + QUERY.replace("host%3Bx-k8s-aws-id", "host")),
        "X-Amz-SignedHeaders does not sign x-k8s-aws-id");
  }

  @Test
  void aStaleOrFutureTokenIsRefused() {
    String url = "https://sts.amazonaws.com/?" + QUERY;
    assertThat(StsToken.verify(token(url), Instant.parse("2026-11-30T02:13:59Z"))).isNotNull();
    assertRefused(token(url), Instant.parse("2026-11-30T02:14:01Z"), "more than 15 minutes from now");
    assertRefused(token(url), Instant.parse("2026-11-30T01:43:59Z"), "more than 15 minutes from now");
  }

  @Test
  void onlyTheParametersAwsIamAuthenticatorAllowsAreSent() {
    String sts = "https://sts.amazonaws.com/?";
    assertRefused(token(sts + QUERY + "&RoleArn=x"), "a parameter STS presigning does not use");
    assertRefused(token(sts + QUERY + "&Action=AssumeRole"), "repeats the parameter action");
    assertRefused(token(sts + QUERY.replace("GetCallerIdentity", "GetSessionToken")),
        "Action is not GetCallerIdentity");
    assertRefused(token(sts + QUERY.replace("&X-Amz-Signature=0123456789abcdef", "")), "no x-amz-signature parameter");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "k8s-aws-v2.aGVsbG8; token: does not start with k8s-aws-v1.",
      "k8s-aws-v1.***; token: not base64url after k8s-aws-v1."})
  void anUnreadableTokenIsMalformed(String token, String message) {
    assertThatThrownBy(() -> StsToken.verify(token, NOW)).isInstanceOfSatisfying(CredentialRefusal.class,
        refusal -> assertThat(refusal.kind()).isEqualTo(CredentialRefusal.Kind.MALFORMED)).hasMessage(message);
  }

  private static void assertRefused(String token, String message) {
    assertRefused(token, NOW, message);
  }

  private static void assertRefused(String token, Instant now, String message) {
    assertThatThrownBy(() -> StsToken.verify(token, now)).isInstanceOfSatisfying(CredentialRefusal.class,
        refusal -> assertThat(refusal.kind()).isEqualTo(CredentialRefusal.Kind.REFUSED))
        .hasMessageStartingWith("token: ").hasMessageContaining(message);
  }
}
