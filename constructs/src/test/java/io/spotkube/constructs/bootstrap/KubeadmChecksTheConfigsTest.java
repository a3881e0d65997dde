package io.spotkube.constructs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.NodeTaint;
import io.spotkube.constructs.bootstrap.BootstrapSandbox.Boot;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kubeadm configurations the bootstrap scripts write, read by the pinned kubeadm itself
 * ({@code kubeadm config validate}): its strict decoding refuses unknown fields and API versions,
 * its validation wrong values, which the sandbox's stand-in kubeadm would accept. The files are the
 * exact ones the scripts handed to kubeadm in a sandboxed cluster (first control plane, a joining
 * control plane, a worker joining by file discovery, the admin kubeconfig and the add-on timer's
 * certificate upload), kept by the stand-in. kubeadm is built from the Go module proxy by
 * {@code scripts/test.sh} into {@code ~/.cache/spotkube/kube-<version>} (ensure_kubeadm in scripts/lib.sh).
 */
class KubeadmChecksTheConfigsTest {

    /** The version scripts/lib.sh builds (KUBERNETES_SERVER_VERSION), the default the bootstrap installs. */
    private static final String KUBEADM_VERSION = "1.33.1";
    private static final Path KUBEADM = Path.of(System.getenv().getOrDefault("SPOTKUBE_CACHE",
            System.getProperty("user.home") + "/.cache/spotkube"), "kube-v" + KUBEADM_VERSION, "kubeadm");

    private static final String NLB = "spot-api-0123456789.elb.eu-west-1.amazonaws.com";
    private static final String PREFIX = "/spotkube/spot-kops-cluster";
    private static final String FIRST = "i-0000000000000001";
    private static final String SECOND = "i-0000000000000002";
    private static final String WORKER = "i-00000000000000a1";

    @TempDir
    static Path dir;
    private static BootstrapSandbox sandbox;
    private static NodeCredentialServerStandIn credentialServer;

    /** Per test, not in {@link #bootACluster}: surefire shows a class-level skip as 0 tests, without its reason. */
    @BeforeEach
    void needsKubeadm() {
        Assumptions.assumeTrue(Files.isExecutable(KUBEADM),
                "kubeadm is not built at " + KUBEADM + ": scripts/test.sh builds it (ensure_kubeadm in scripts/lib.sh)");
    }

    @BeforeAll
    static void bootACluster() throws IOException {
        if (!Files.isExecutable(KUBEADM)) {
            return;
        }
        sandbox = new BootstrapSandbox(dir);
        credentialServer = new NodeCredentialServerStandIn(dir.resolve("credential-server"),
                sandbox.root().resolve("ca.crt"), sandbox.root().resolve("pki/ca.key"));
        sandbox.nodeCredentialServer(credentialServer);

        Boot first = boot(BootstrapScript.Role.CONTROL_PLANE, FIRST, "10.0.1.10");
        boot(BootstrapScript.Role.CONTROL_PLANE, SECOND, "10.0.2.10");
        boot(BootstrapScript.Role.WORKER, WORKER, "10.0.3.20");
        RepositoryTools.Result refresh = sandbox.runAddons(first, "refresh");
        assertThat(refresh.exitCode()).as("add-on timer's refresh:%n%s", refresh.output()).isZero();
        // The worker's discovery kubeconfig lived in its secrets directory, removed after boot;
        // kubeadm validates that the file kubeConfigPath names exists, so the stand-in's copy of
        // the very file goes back where the configuration says it is.
        Path discovery = Path.of(kubeConfigPath(sandbox.kubeadmConfig(WORKER, "join-worker")));
        Files.createDirectories(discovery.getParent());
        Files.writeString(discovery, sandbox.discoveryKubeconfig(WORKER));
    }

    @AfterAll
    static void stopCredentialServer() {
        if (credentialServer != null) {
            credentialServer.close();
        }
    }

    @Test
    void theBootstrapInstallsTheKubeadmThatValidates() {
        assertThat(KubernetesVersion.latest().version()).isEqualTo(KUBEADM_VERSION);
        assertThat(RepositoryTools.run(List.of(KUBEADM.toString(), "version", "-o", "short"), 60).output())
                .isEqualTo("v" + KUBEADM_VERSION + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"init", "join-control-plane", "join-worker", "kubeconfig-user", "upload-certs"})
    void kubeadmAcceptsTheConfigurationTheScriptsWrote(String kind) {
        RepositoryTools.Result check = validate(sandbox.kubeadmConfig(instance(kind), kind), kind);

        assertThat(check.exitCode()).as("kubeadm config validate, %s:%n%s", kind, check.output()).isZero();
        // Only "ok": a warning (a deprecated field, a defaulted value kubeadm dislikes) fails too.
        assertThat(check.output().strip()).as(kind).isEqualTo("ok");
    }

    /**
     * The controls: each configuration with one change kubeadm must refuse, so the check above reads
     * the documents (the KubeletConfiguration one too) and does not pass whatever it is given.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "join-worker | kubeConfigPath: | kubeconfigPath: | unknown field \"discovery.file.kubeconfigPath\"",
        "init | kubeadm.k8s.io/v1beta4 | kubeadm.k8s.io/v1beta9 | unknown configuration APIs",
        "init | cgroupDriver: | cgroupdriver: | unknown field \"cgroupdriver\"",
        "join-control-plane | advertiseAddress: 10.0.2.10 | advertiseAddress: 10.0.2 | couldn't use \"10.0.2\" as \"apiserver-advertise-address\"",
    })
    void kubeadmRefusesAMutatedCopy(String kind, String from, String to, String error) {
        String instance = instance(kind);
        String config = sandbox.kubeadmConfig(instance, kind);
        assertThat(config).as(kind).contains(from);
        RepositoryTools.Result check = validate(config.replace(from, to), kind + "-mutated");

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.output()).contains(error);
    }

    private static String instance(String kind) {
        return switch (kind) {
            case "join-control-plane" -> SECOND;
            case "join-worker" -> WORKER;
            default -> FIRST;
        };
    }

    private static Boot boot(BootstrapScript.Role role, String instanceId, String ip) {
        BootstrapScript.Builder builder = BootstrapScript.builder()
                .clusterName("spot-kops-cluster.k8s.local")
                .role(role)
                .apiEndpoint(NLB)
                .ssmParameterPrefix(PREFIX)
                .stateBucketName("spot-kops-state")
                .region("eu-west-1");
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            builder.adminKubeconfig(PREFIX + "/admin/kubeconfig",
                            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                    .maintenanceScripts(BootstrapSandbox.ADDONS_SCRIPT_URL, BootstrapSandbox.ETCD_BACKUP_SCRIPT_URL);
        } else {
            // Labels and a taint with a value: node_registration_yaml's every branch reaches kubeadm.
            builder.nodeLabel("kops.k8s.io/lifecycle", "Spot").nodeLabel("team", "web")
                    .nodeTaint(NodeTaint.parse("spot=true:NoSchedule"));
        }
        BootstrapScript script = builder.build();
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            sandbox.shipScripts(script);
        }
        Boot boot = sandbox.boot(script.render(), instanceId, ip);
        assertThat(boot.exitCode()).as("%s boot output:%n%s", instanceId, boot.output()).isZero();
        return boot;
    }

    private static String kubeConfigPath(String joinConfiguration) {
        Matcher path = Pattern.compile("(?m)^\\s*kubeConfigPath: (\\S+)$").matcher(joinConfiguration);
        assertThat(path.find()).as("kubeConfigPath in%n%s", joinConfiguration).isTrue();
        return path.group(1);
    }

    /** {@code kubeadm config validate} on a copy of {@code config}. */
    private static RepositoryTools.Result validate(String config, String name) {
        try {
            Path file = Files.writeString(dir.resolve("validate-" + name + ".yaml"), config);
            return RepositoryTools.run(List.of(KUBEADM.toString(), "config", "validate", "--config", file.toString()), 60);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
