package io.spotkube.runtime.nodecredential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CredentialRequestTest {

  @Test
  void theHashIsTheLowercaseHexSha256OfTheCsrAsSent() {
    CredentialRequest request = CredentialRequest.parse("{\"csr\":\"abc\",\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));

    // sha256("abc"), as `printf abc | sha256sum` prints it
    assertThat(request.csrHash()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "not json; body: not JSON",
      "[1]; body: not a JSON object",
      "{\"token\":\"t\"}; csr: missing",
      "{\"csr\":\"c\"}; token: missing",
      "{\"csr\":1,\"token\":\"t\"}; csr: not a non-empty string",
      "{\"csr\":\"c\",\"token\":\"t\",\"name\":\"n\"}; body: unknown field (only csr and token)"})
  void badBodiesAreMalformedNamingTheField(String body, String message) {
    assertThatThrownBy(() -> CredentialRequest.parse(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(CredentialRefusal.class,
            refusal -> assertThat(refusal.kind()).isEqualTo(CredentialRefusal.Kind.MALFORMED))
        .hasMessage(message);
  }
}
