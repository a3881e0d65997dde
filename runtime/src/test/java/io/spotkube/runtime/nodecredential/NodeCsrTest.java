package io.spotkube.runtime.nodecredential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeCsrTest {

  private static final String NODE = "ip-10-0-1-5.eu-west-1.compute.internal";

  @Test
  void aKubeletsRsaRequestNamesItsNode() {
    NodeCsr csr = NodeCsr.parse(TestCsrs.nodeCsr(NODE));

    assertThat(csr.nodeName()).isEqualTo(NODE);
    assertThat(csr.rsa()).isTrue();
  }

  @Test
  void anEcP256RequestIsAcceptedWithoutKeyEncipherment() {
    NodeCsr csr = NodeCsr.parse(TestCsrs.csr(TestCsrs.ec("secp256r1"), "O=system:nodes,CN=system:node:" + NODE, null));

    assertThat(csr.nodeName()).isEqualTo(NODE);
    assertThat(csr.rsa()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "CN=system:node:" + NODE + "; not exactly",
      "O=system:masters,CN=system:node:" + NODE + "; not exactly",
      "O=system:nodes,CN=system:admin; not exactly",
      "O=system:nodes,CN=system:node:; not exactly",
      "O=system:nodes,O=system:masters,CN=system:node:" + NODE + "; not exactly",
      "O=system:nodes,OU=x,CN=system:node:" + NODE + "; not exactly"})
  void aSubjectOtherThanExactlyTheNodesIsRefused(String subject, String message) {
    assertThatThrownBy(() -> NodeCsr.parse(TestCsrs.csr(TestCsrs.rsa(2048), subject, null)))
        .isInstanceOfSatisfying(CredentialRefusal.class,
            refusal -> assertThat(refusal.kind()).isEqualTo(CredentialRefusal.Kind.REFUSED))
        .hasMessageStartingWith("csr: subject is").hasMessageContaining(message);
  }

  @Test
  void aRequestForSubjectAlternativeNamesIsRefused() {
    String csr = TestCsrs.csr(TestCsrs.rsa(2048), "O=system:nodes,CN=system:node:" + NODE, "kubernetes.default");

    assertThatThrownBy(() -> NodeCsr.parse(csr)).isInstanceOf(CredentialRefusal.class)
        .hasMessageStartingWith("csr: requests extensions");
  }

  @Test
  void weakKeysAreRefused() {
    assertThatThrownBy(() -> NodeCsr.parse(TestCsrs.csr(TestCsrs.rsa(1024), "O=system:nodes,CN=system:node:n", null)))
        .isInstanceOf(CredentialRefusal.class).hasMessage("csr: RSA key of 1024 bits, at least 2048");
    assertThatThrownBy(() -> NodeCsr.parse(TestCsrs.csr(TestCsrs.ec("secp521r1"), "O=system:nodes,CN=system:node:n",
        null))).isInstanceOf(CredentialRefusal.class).hasMessage("csr: EC key on a curve other than P-256 or P-384");
  }

  @Test
  void aRequestWhoseSignatureIsNotByItsKeyIsMalformed() {
    KeyPair keys = TestCsrs.rsa(2048);
    String good = TestCsrs.csr(keys, "O=system:nodes,CN=system:node:" + NODE, null);
    String[] lines = good.split("\n");
    // Flip one character inside the signature (the last base64 line before the footer).
    String last = lines[lines.length - 2];
    char flipped = last.charAt(4) == 'A' ? 'B' : 'A';
    lines[lines.length - 2] = last.substring(0, 4) + flipped + last.substring(5);
    String tampered = String.join("\n", lines) + "\n";

    assertThatThrownBy(() -> NodeCsr.parse(tampered)).isInstanceOfSatisfying(CredentialRefusal.class,
        refusal -> assertThat(refusal.kind()).isEqualTo(CredentialRefusal.Kind.MALFORMED))
        .hasMessageStartingWith("csr: ");
  }

  @Test
  void notAPemRequestIsMalformedNamingTheField() {
    assertThatThrownBy(() -> NodeCsr.parse("hello")).isInstanceOf(CredentialRefusal.class)
        .hasMessage("csr: not a PEM CERTIFICATE REQUEST");
    String twice = TestCsrs.nodeCsr(NODE) + TestCsrs.nodeCsr(NODE);
    assertThatThrownBy(() -> NodeCsr.parse(twice)).isInstanceOf(CredentialRefusal.class)
        .hasMessage("csr: more than one PEM block");
  }
}
