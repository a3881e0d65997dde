package io.spotkube.constructs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.bootstrap.BootstrapSandbox.Boot;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot-time downloads are verified before use (docs/security.md): the AWS CLI by a PGP signature
 * of the AWS CLI Team's pinned key, the Kubernetes apt repository key by its pinned fingerprint. Exercised
 * with the real gpg/gpgv on the shipped common.sh: a key of the test's own stands in for an
 * attacker's (a well-formed signature or key, just not the pinned one).
 */
class BootDownloadVerificationTest {

    private static final String AWS_CLI_ZIP = "awscli-exe-linux-" + arch() + "-2.15.34.zip";
    private static final String KEYSERVER_LOOKUP = "lookup?op=get&search=0xFB5DB77FD5C118B80511ADA8A6310ACC4672475C";

    @TempDir
    Path dir;
    private Path gnupg;
    private Path downloads;
    private String attackerFingerprint;

    private static String arch() {
        return RepositoryTools.run(List.of("uname", "-m"), 10).output().strip();
    }

    @BeforeEach
    void anAttackersKey() throws IOException {
        gnupg = Files.createDirectory(dir.resolve("gnupg"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        gpgOk("--quick-gen-key", "--passphrase", "", "Attacker <attacker@example.com>", "ed25519", "sign", "never");
        attackerFingerprint = gpgOk("--with-colons", "--list-keys").lines().filter(line -> line.startsWith("fpr:"))
                .findFirst().orElseThrow().split(":")[9];
        downloads = Files.createDirectories(dir.resolve("downloads"));
    }

    private String gpgOk(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("env", "GNUPGHOME=" + gnupg, "gpg", "--batch",
                "--pinentry-mode", "loopback"));
        command.addAll(List.of(args));
        RepositoryTools.Result result = RepositoryTools.run(command, 60);
        assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
        return result.output();
    }

    private Path signedByTheAttacker(String name, String content) throws IOException {
        Path file = Files.writeString(downloads.resolve(name), content);
        gpgOk("--yes", "--detach-sign", "-o", downloads.resolve(name + ".sig").toString(), file.toString());
        return file;
    }

    /** Runs {@code body} in bash after sourcing the shipped common.sh, with the sandbox's stand-ins first on PATH. */
    private RepositoryTools.Result withCommonSh(String body, Map<String, String> env) throws IOException {
        if (!Files.exists(dir.resolve("sandbox"))) {
            new BootstrapSandbox(dir.resolve("sandbox")); // writes the stand-ins to sandbox/bin
        }
        Path common;
        try {
            common = Path.of(BootstrapScript.class.getResource("common.sh").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // Only curl (serving FAKE_DOWNLOADS) from the sandbox; no aws, so the CLI is installed.
        for (String standIn : List.of("_fake.sh", "curl")) {
            Path copy = Files.copy(dir.resolve("sandbox/bin").resolve(standIn), bin.resolve(standIn),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().setExecutable(true);
        }
        Path root = Files.createDirectories(dir.resolve("root"));
        Path calls = dir.resolve("calls.log");
        Files.writeString(calls, "");
        String script = "set -euo pipefail\nsource '" + common + "'\n" + body + "\n";
        List<String> command = new java.util.ArrayList<>(List.of("env", "-i", "PATH=" + bin + ":/usr/bin:/bin", "LC_ALL=C",
                "HOME=" + dir, "SPOTKUBE_ROOT=" + root, "SPOTKUBE_SANDBOX=" + dir.resolve("sandbox/cluster"),
                "FAKE_CALLS=" + calls, "FAKE_DOWNLOADS=" + downloads));
        env.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of("bash", "-c", script));
        return RepositoryTools.run(command, 60);
    }

    @Test
    void anAwsCliZipSignedByAnotherKeyIsNotInstalledEvenWhenTheKeyserverServesThatKey() throws IOException {
        signedByTheAttacker(AWS_CLI_ZIP, "a tampered installer\n");
        Files.writeString(downloads.resolve(KEYSERVER_LOOKUP), gpgOk("--armor", "--export"));

        RepositoryTools.Result result = withCommonSh("install_aws_cli", Map.of());

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("https://awscli.amazonaws.com/" + AWS_CLI_ZIP
                + " does not carry a valid signature of the AWS CLI Team's key FB5DB77FD5C118B80511ADA8A6310ACC4672475C: not installed")
                .doesNotContain("unzip -q", "aws/install --update");
        assertThat(Files.readAllLines(dir.resolve("calls.log"))).as("the key came from the keyserver")
                .contains("curl -fsSL --retry 5 https://keyserver.ubuntu.com/pks/" + KEYSERVER_LOOKUP);
    }

    @Test
    void theKeyserversArmorBecomesTheKeyringGpgvReads() throws IOException {
        Files.writeString(downloads.resolve("key.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\nComment: Hostname: keyserver\n\n"
                + gpgOk("--armor", "--export").replaceAll("(?s).*?\n\n", "").replace("-----END PGP PUBLIC KEY BLOCK-----", "")
                + "-----END PGP PUBLIC KEY BLOCK-----\n");
        gpgOk("--yes", "--export", "-o", dir.resolve("expected.gpg").toString());

        RepositoryTools.Result result = withCommonSh("dearmor <'" + downloads.resolve("key.asc") + "' >'" + dir.resolve("keyring.gpg")
                + "'", Map.of());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("keyring.gpg"))).isEqualTo(Files.readAllBytes(dir.resolve("expected.gpg")));
    }

    @Test
    void signatureVerificationAcceptsOnlyTheUntamperedFileSignedByThePinnedKey() throws IOException {
        Path file = signedByTheAttacker("payload", "what was signed\n");
        gpgOk("--yes", "--export", "-o", dir.resolve("signer.gpg").toString());
        String verify = "verify_signature '" + file + "' '" + file + ".sig' '" + dir.resolve("signer.gpg") + "' ";

        assertThat(withCommonSh(verify + attackerFingerprint, Map.of()).exitCode()).as("the signer's file").isZero();
        assertThat(withCommonSh(verify + "FB5DB77FD5C118B80511ADA8A6310ACC4672475C", Map.of()).exitCode())
                .as("good signature, but not by the pinned key").isNotZero();
        Files.writeString(file, "what was not signed\n");
        assertThat(withCommonSh(verify + attackerFingerprint, Map.of()).exitCode()).as("a tampered file").isNotZero();
    }

    @Test
    void aKubernetesRepositoryKeyWithAnotherFingerprintStopsTheBootBeforeAnyPackage() throws IOException {
        Files.writeString(downloads.resolve("Release.key"), gpgOk("--armor", "--export"));
        BootstrapSandbox sandbox = new BootstrapSandbox(dir.resolve("worker"));
        sandbox.bootEnv("FAKE_DOWNLOADS", downloads.toString());

        Boot boot = sandbox.boot(BootstrapScript.builder().clusterName("spot-kops-cluster").role(BootstrapScript.Role.WORKER)
                .apiEndpoint("api.example.internal").ssmParameterPrefix("/spotkube/spot-kops-cluster").stateBucketName("state")
                .region("eu-west-1").build().render(), "i-0000000000000009", "10.0.1.9");

        assertThat(boot.exitCode()).as(boot.output()).isNotZero();
        assertThat(boot.output()).contains("holds the key(s) [" + attackerFingerprint + "], not the pinned "
                + "DE15B14486CD377B9E876E1A234654DA9A296436: refusing it");
        assertThat(boot.calls()).noneMatch(call -> call.startsWith("apt-get install") && call.contains("kubelet="));
        assertThat(boot.calls()).anyMatch(call -> call.startsWith("aws autoscaling set-instance-health"));
    }
}
