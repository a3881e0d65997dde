package io.spotkube.constructs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.bootstrap.BootstrapSandbox.Boot;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's join with a client certificate of its own (node-credential.sh): the real AWS CLI
 * against moto (SSM, the token's presigning) and a stand-in of the runtime's node-credential server
 * that checks each request as the real one will and signs with a test CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerNodeCredentialSandboxTest {

    private static final String PREFIX = "/spotkube/spot-kops-cluster/state-1";
    private static final String NLB = "spot-api-0123456789.elb.eu-west-1.amazonaws.com";
    private static final String WORKER = "i-00000000000000a1";
    private static final String WORKER_IP = "10.0.3.20";

    private MotoWithFaults moto;
    @TempDir
    Path dir;
    private BootstrapSandbox sandbox;
    private NodeCredentialServerStandIn server;

    @BeforeAll
    void startMoto() throws Exception {
        moto = new MotoWithFaults();
    }

    @AfterAll
    void stopMoto() {
        moto.close();
    }

    /** A cluster CA (the fake kubeadm's too) whose hash the control plane has published. */
    @BeforeEach
    void clusterWithPublishedCaHash() throws Exception {
        moto.reset();
        sandbox = new BootstrapSandbox(dir, moto.endpoint());
        sandbox.bootEnv("SPOTKUBE_JOIN_WAIT_ATTEMPTS", "3");
        Path ca = newCa(sandbox.root().resolve("pki"));
        Files.copy(ca.resolve("ca.crt"), sandbox.root().resolve("ca.crt"));
        sandbox.awsOk("ssm", "put-parameter", "--name", PREFIX + "/join/ca-cert-hash", "--type", "SecureString",
                "--value", caHash(ca.resolve("ca.crt")));
        sandbox.awsOk("ssm", "put-parameter", "--name", PREFIX + "/join/token", "--type", "SecureString",
                "--value", "abcdef.0123456789abcdef");
        server = new NodeCredentialServerStandIn(dir.resolve("credential-server"), ca.resolve("ca.crt"), ca.resolve("ca.key"));
        sandbox.nodeCredentialServer(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Boot bootWorker() {
        String userData = BootstrapScript.builder().clusterName("spot-kops-cluster.k8s.local")
                .role(BootstrapScript.Role.WORKER).apiEndpoint(NLB).ssmParameterPrefix(PREFIX).region("eu-west-1")
                .build().render();
        return sandbox.boot(userData, WORKER, WORKER_IP);
    }

    @Test
    void aWorkerJoinsByFileDiscoveryWithTheCertificateIssuedForItsOwnKeyAndNeverReadsTheToken() {
        Boot worker = bootWorker();

        assertThat(worker.exitCode()).as(worker.output()).isZero();
        assertThat(server.problems()).isEmpty();
        String node = BootstrapSandbox.hostname(WORKER_IP);
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.csrSubject()).isEqualTo("O=system:nodes\nCN=system:node:" + node);
            assertThat(request.signedHeaders()).isEqualTo("host;x-k8s-aws-id");
        });
        assertThat(sandbox.kubeadmConfig(WORKER, "join-worker"))
                .contains("discovery:\n  file:\n    kubeConfigPath: " + worker.root().resolve("run/spotkube/discovery.conf"))
                .doesNotContain("token", "caCertHashes");
        String kubeconfig = sandbox.discoveryKubeconfig(WORKER);
        assertThat(kubeconfig).contains("server: https://" + NLB + ":6443", "- name: system:node:" + node);
        assertThat(decoded(kubeconfig, "client-certificate-data")).isEqualTo(server.requests().get(0).issuedCertificate());
        String privateKey = decoded(kubeconfig, "client-key-data");
        assertThat(privateKey).contains("BEGIN PRIVATE KEY");
        assertThat(worker.output()).doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());
        assertThat(worker.calls()).anyMatch(call -> call.startsWith("aws ssm get-parameter --name " + PREFIX + "/join/ca-cert-hash"))
                .noneMatch(call -> call.contains("join/token"));
        assertThat(worker.root().resolve("run/spotkube")).as("key and credential removed after boot").doesNotExist();
    }

    @Test
    void aCaThatIsNotTheClustersFailsTheBootBeforeKubeadm() throws Exception {
        server.answerCa(newCa(dir.resolve("other-ca")).resolve("ca.crt"));

        Boot worker = bootWorker();

        assertThat(worker.exitCode()).isNotZero();
        assertThat(worker.output()).contains("ERROR: the node-credential server's CA (sha256:",
                "is not the cluster's (" + caHash(sandbox.root().resolve("ca.crt")) + " in " + PREFIX + "/join/ca-cert-hash)");
        assertThat(worker.called("kubeadm join")).isFalse();
        assertThat(worker.called("aws autoscaling set-instance-health --instance-id " + WORKER)).isTrue();
    }

    @Test
    void aRefusalFailsTheBootAtOnceWithTheServersReason() {
        server.answerFirst(403);

        Boot worker = bootWorker();

        assertThat(worker.exitCode()).isNotZero();
        assertThat(worker.output()).contains("ERROR: the node-credential server refused "
                + BootstrapSandbox.hostname(WORKER_IP) + " (HTTP 403): stand-in answers 403");
        assertThat(server.requests()).hasSize(1);
        assertThat(worker.called("kubeadm join")).isFalse();
    }

    @Test
    void aServerThatIsNotReadyYetIsAskedAgainWithAFreshToken() {
        server.answerFirst(503, 429);

        Boot worker = bootWorker();

        assertThat(worker.exitCode()).as(worker.output()).isZero();
        assertThat(server.problems()).isEmpty();
        assertThat(server.requests()).extracting(NodeCredentialServerStandIn.Request::status).containsExactly(503, 429, 200);
        assertThat(worker.callsStartingWith("aws eks get-token")).hasSize(3);
        assertThat(worker.output()).contains("no node credential yet (HTTP 503 stand-in answers 503), attempt 1/3");
        assertThat(worker.called("kubeadm join")).isTrue();
    }

    @Test
    void noServerListeningIsRetriedBoundedThenFailsTheBoot() {
        server.close();

        Boot worker = bootWorker();

        assertThat(worker.exitCode()).isNotZero();
        assertThat(worker.output()).contains("no node credential yet (HTTP 000", "attempt 3/3",
                "ERROR: no node credential from http://" + NLB + ":3988/node-credential/v1 after 3 attempts");
        assertThat(worker.called("kubeadm join")).isFalse();
    }

    private static String decoded(String kubeconfig, String field) {
        String value = kubeconfig.lines().map(String::strip).filter(line -> line.startsWith(field + ": ")).findFirst()
                .orElseThrow().substring(field.length() + 2);
        return new String(Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Path newCa(Path dir) throws Exception {
        Files.createDirectories(dir);
        RepositoryTools.Result made = RepositoryTools.run(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=kubernetes", "-days", "1",
                "-keyout", dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.crt").toString()), 30);
        assertThat(made.exitCode()).as(made.output()).isZero();
        return dir;
    }

    /** kubeadm's ca-cert-hash: SHA-256 of the CA's DER SubjectPublicKeyInfo. */
    private static String caHash(Path caCertificate) {
        RepositoryTools.Result hash = RepositoryTools.run(List.of("bash", "-c", "openssl x509 -in \"$0\" -noout -pubkey"
                + " | openssl pkey -pubin -outform der | sha256sum | cut -d' ' -f1", caCertificate.toString()), 30);
        assertThat(hash.exitCode()).as(hash.output()).isZero();
        return "sha256:" + hash.output().strip();
    }
}
