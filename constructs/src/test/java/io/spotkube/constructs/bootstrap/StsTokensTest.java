package io.spotkube.constructs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.constructs.testsupport.RepositoryTools;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token check of the node-credential stand-in, on tokens the real AWS CLI makes (no request is sent). */
class StsTokensTest {

    private static final String CSR_HASH = "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static String token(String clusterName, String secret) {
        RepositoryTools.Result result = RepositoryTools.run(List.of("env", "-i", "PATH=/usr/bin:/bin",
                "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=" + secret, "AWS_CONFIG_FILE=/nonexistent",
                "AWS_SHARED_CREDENTIALS_FILE=/nonexistent", RepositoryTools.venvTool("aws").toString(), "eks", "get-token",
                "--cluster-name", clusterName, "--region", "eu-west-1", "--query", "status.token", "--output", "text"), 60);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    @Test
    void aTokenSignedForTheCsrHashVerifiesAndNamesXK8sAwsIdAmongItsSignedHeaders() {
        assertThat(StsTokens.verify(token(CSR_HASH, "testing"), CSR_HASH, "testing")).isEqualTo("host;x-k8s-aws-id");
    }

    @Test
    void aTokenSignedForAnotherCsrDoesNotVerify() {
        String other = CSR_HASH.replace('a', 'b');
        assertThatThrownBy(() -> StsTokens.verify(token(other, "testing"), CSR_HASH, "testing"))
                .hasMessageContaining("does not cover x-k8s-aws-id " + CSR_HASH);
    }

    @Test
    void aTokenSignedWithOtherCredentialsDoesNotVerify() {
        assertThatThrownBy(() -> StsTokens.verify(token(CSR_HASH, "other-secret"), CSR_HASH, "testing"))
                .hasMessageContaining("signature");
    }
}
