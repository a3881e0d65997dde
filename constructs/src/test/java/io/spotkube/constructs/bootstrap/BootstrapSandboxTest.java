package io.spotkube.constructs.bootstrap;

import io.spotkube.constructs.LabelRules;
import io.spotkube.constructs.NodeTaint;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.bootstrap.BootstrapSandbox.Boot;
import io.spotkube.constructs.manifests.CloudControllerManagerManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the rendered user data with bash against recording stand-ins of kubeadm, aws, etcdctl, ... */
class BootstrapSandboxTest {

    private static final String NLB = "spot-api-0123456789.elb.eu-west-1.amazonaws.com";
    private static final String PREFIX = "/spotkube/spot-kops-cluster";
    private static final String BUCKET = "spot-kops-state";
    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/runtime:abc&def";
    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/interruptions";
    /** Every kubelet leaves node initialisation (zone, instance type, addresses) to aws-cloud-controller-manager. */
    private static final String EXTERNAL_CLOUD_PROVIDER = "kubeletExtraArgs:\n    - name: cloud-provider\n      value: external\n";
    private static final String ADMIN_KUBECONFIG = PREFIX + "/admin/kubeconfig";
    private static final String ADMIN_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    Path dir;
    private BootstrapSandbox sandbox;
    private final List<String> renderedTemplates = new ArrayList<>();

    private NodeCredentialServerStandIn credentialServer;

    /** Workers get their certificates from a stand-in signing with the CA the first control plane makes. */
    @BeforeEach
    void createSandbox() {
        sandbox = new BootstrapSandbox(dir);
        credentialServer = new NodeCredentialServerStandIn(dir.resolve("credential-server"),
                sandbox.root().resolve("ca.crt"), sandbox.root().resolve("pki/ca.key"));
        sandbox.nodeCredentialServer(credentialServer);
    }

    @AfterEach
    void stopCredentialServer() {
        credentialServer.close();
    }

    private String userData(BootstrapScript.Role role) {
        return userData(role, builder -> builder);
    }

    private String userData(BootstrapScript.Role role, java.util.function.UnaryOperator<BootstrapScript.Builder> options) {
        BootstrapScript.Builder builder = BootstrapScript.builder()
                .clusterName("spot-kops-cluster.k8s.local")
                .role(role)
                .apiEndpoint(NLB)
                .ssmParameterPrefix(PREFIX)
                .stateBucketName(BUCKET)
                .region("eu-west-1");
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            builder.addonVariable("SPOTKUBE_IMAGE_URI", IMAGE).addonVariable("SPOTKUBE_QUEUE_URL", QUEUE)
                    .adminKubeconfig(ADMIN_KUBECONFIG, ADMIN_KEY)
                    .maintenanceScripts(BootstrapSandbox.ADDONS_SCRIPT_URL, BootstrapSandbox.ETCD_BACKUP_SCRIPT_URL);
        } else {
            builder.nodeLabel("kops.k8s.io/lifecycle", "Spot").nodeLabel("team", "web")
                    .nodeTaint(NodeTaint.parse("spot=true:NoSchedule"));
        }
        BootstrapScript script = options.apply(builder).build();
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            sandbox.shipScripts(script);
        }
        renderedTemplates.add(script.render());
        renderedTemplates.add(script.renderPlain());
        return script.render();
    }

    private Boot bootControlPlane(String instanceId, String ip) {
        Boot boot = sandbox.boot(userData(BootstrapScript.Role.CONTROL_PLANE), instanceId, ip);
        assertThat(boot.exitCode()).as("control plane %s boot output:%n%s", instanceId, boot.output()).isZero();
        return boot;
    }

    private Boot bootWorker(String instanceId, String ip) {
        return sandbox.boot(userData(BootstrapScript.Role.WORKER), instanceId, ip);
    }

    @Test
    void firstControlPlaneWinsTheLockInitialisesAndPublishesTheJoinMaterialAsSecureStrings() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");

        assertThat(sandbox.parameter(PREFIX + "/init-lock")).isEqualTo("i-0000000000000001");
        assertThat(first.callsStartingWith("kubeadm init --config")).singleElement().asString()
                .contains("--upload-certs", "--skip-token-print");
        String config = sandbox.kubeadmConfig("i-0000000000000001", "init");
        assertThat(config).contains("controlPlaneEndpoint: " + NLB + ":6443", "certSANs: [" + NLB + "]",
                "kubernetesVersion: v" + KubernetesVersion.latest().version(),
                "value: aws:///eu-west-1a/i-0000000000000001",
                "key: node-role.kubernetes.io/control-plane", "effect: NoSchedule",
                EXTERNAL_CLOUD_PROVIDER, "name: " + BootstrapSandbox.hostname("10.0.1.10"));
        for (String name : List.of("token", "ca-cert-hash", "certificate-key")) {
            assertThat(sandbox.parameterType(PREFIX + "/join/" + name)).as(name).isEqualTo("SecureString");
        }
        assertThat(sandbox.parameter(PREFIX + "/join/ca-cert-hash")).matches("sha256:[0-9a-f]{64}");
        assertThat(first.calls()).contains(
                "apt-get install -y -q kubelet=1.33.1-1.1 kubeadm=1.33.1-1.1 kubectl=1.33.1-1.1",
                "systemctl enable --now spotkube-addons.timer");
        assertThat(first.calls()).anySatisfy(call ->
                assertThat(call).startsWith("curl").contains(BootstrapScript.DEFAULT_CNI_MANIFEST_URL));
        assertThat(first.callsStartingWith("kubectl --kubeconfig")).anySatisfy(call ->
                assertThat(call).contains("apply", "tmp/cni-manifest.yaml"));
        assertThat(first.output()).contains("WARNING: the CNI manifest " + BootstrapScript.DEFAULT_CNI_MANIFEST_URL
                + " is not pinned by SHA-256");
        assertThat(first.root().resolve("run/spotkube")).as("secrets removed after boot").doesNotExist();
    }

    @Test
    void firstControlPlaneStoresAClusterAdminKubeconfigForTheLoadBalancerUnderTheClusterKey() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");

        assertThat(sandbox.parameterType(ADMIN_KUBECONFIG)).isEqualTo("SecureString");
        assertThat(sandbox.parameterKey(ADMIN_KUBECONFIG)).isEqualTo(ADMIN_KEY);
        assertThat(sandbox.parameter(ADMIN_KUBECONFIG))
                .contains("server: https://" + NLB + ":6443", "certificate-authority-data: ",
                        "- name: spotkube-admin", "client-key-data: " + sandbox.adminClientKeys().get(0));
        assertThat(sandbox.kubeadmConfig("i-0000000000000001", "kubeconfig-user"))
                .contains("controlPlaneEndpoint: " + NLB + ":6443", "encryptionAlgorithm: ECDSA-P256")
                .doesNotContain("token:", "certificateKey:");
        assertThat(first.callsStartingWith("kubeadm kubeconfig user")).singleElement().asString()
                .contains("--client-name spotkube-admin").doesNotContain("system:masters");
        assertThat(sandbox.root().resolve("applied-from-stdin.yaml")).content()
                .contains("kind: ClusterRoleBinding", "name: cluster-admin", "kind: User, name: spotkube-admin");
        assertThat(first.callsStartingWith("aws ssm put-parameter --name " + ADMIN_KUBECONFIG)).singleElement().asString()
                .contains("--type SecureString", "--key-id " + ADMIN_KEY, "--value file://");
    }

    @Test
    void joiningControlPlanesAndWorkersDoNotPublishAnotherKubeconfig() {
        bootControlPlane("i-0000000000000001", "10.0.1.10");
        Boot second = bootControlPlane("i-0000000000000002", "10.0.2.10");
        Boot worker = bootWorker("i-00000000000000a1", "10.0.3.20");

        assertThat(worker.exitCode()).isZero();
        assertThat(sandbox.adminClientKeys()).hasSize(1);
        for (Boot boot : List.of(second, worker)) {
            assertThat(boot.called("kubeadm kubeconfig user")).isFalse();
            assertThat(boot.callsStartingWith("aws ssm put-parameter --name " + ADMIN_KUBECONFIG)).isEmpty();
        }
    }

    @Test
    void otherControlPlanesLoseTheLockAndJoinWithTheCertificateKey() {
        bootControlPlane("i-0000000000000001", "10.0.1.10");
        Boot second = bootControlPlane("i-0000000000000002", "10.0.2.10");

        assertThat(second.called("kubeadm init --config")).isFalse();
        assertThat(second.calls()).anySatisfy(call -> assertThat(call).startsWith("kubeadm join --config"));
        assertThat(sandbox.kubeadmConfig("i-0000000000000002", "join-control-plane"))
                .contains("apiServerEndpoint: " + NLB + ":6443", "certificateKey: ",
                        "advertiseAddress: 10.0.2.10", "value: aws:///eu-west-1a/i-0000000000000002",
                        EXTERNAL_CLOUD_PROVIDER);
        assertThat(sandbox.etcdMembers()).containsExactly(
                BootstrapSandbox.hostname("10.0.1.10") + " healthy", BootstrapSandbox.hostname("10.0.2.10") + " healthy");
        assertThat(sandbox.parameter(PREFIX + "/init-lock")).isEqualTo("i-0000000000000001");
    }

    @Test
    void workersJoinWithTheirProviderIdTaintsAndTheLabelsTheKubeletMaySet() {
        bootControlPlane("i-0000000000000001", "10.0.1.10");
        Boot worker = bootWorker("i-00000000000000a1", "10.0.3.20");

        assertThat(worker.exitCode()).as(worker.output()).isZero();
        String config = sandbox.kubeadmConfig("i-00000000000000a1", "join-worker");
        assertThat(config)
                .contains("value: aws:///eu-west-1a/i-00000000000000a1", "- name: node-labels\n      value: team=web",
                        EXTERNAL_CLOUD_PROVIDER, "name: " + BootstrapSandbox.hostname("10.0.3.20"),
                        "- key: spot\n      value: \"true\"\n      effect: NoSchedule")
                .doesNotContain("controlPlane:", "kops.k8s.io/lifecycle", "node-role.kubernetes.io/control-plane");
        assertThat(worker.called("kubeadm init")).isFalse();
        assertThat(worker.called("etcdctl")).isFalse();
        assertThat(sandbox.nodeNames()).contains(BootstrapSandbox.hostname("10.0.3.20"));
    }

    @Test
    void aWorkerWithoutAControlPlaneGivesUpAfterBoundedRetries() {
        Boot worker = bootWorker("i-00000000000000a1", "10.0.3.20");

        assertThat(worker.exitCode()).isNotZero();
        assertThat(worker.output()).contains("no join material in " + PREFIX + "/join/ after 90 attempts");
        assertThat(worker.callsStartingWith("sleep")).hasSize(90);
        assertThat(worker.called("kubeadm join")).isFalse();
    }

    @Test
    void aReplacementControlPlaneRemovesTheDeadEtcdMemberThenJoins() {
        bootControlPlane("i-0000000000000001", "10.0.1.10");
        bootControlPlane("i-0000000000000002", "10.0.2.10");
        bootControlPlane("i-0000000000000003", "10.0.3.10");
        String dead = BootstrapSandbox.hostname("10.0.2.10");
        String deadId = sandbox.etcdMemberId(dead);
        sandbox.killInstance(dead, false);
        sandbox.instanceState("i-0000000000000002", "terminated");

        Boot replacement = bootControlPlane("i-0000000000000004", "10.0.2.11");

        assertThat(replacement.calls()).anySatisfy(call -> assertThat(call).startsWith("etcdctl").endsWith("member remove " + deadId));
        assertThat(replacement.calls()).anySatisfy(call -> assertThat(call).contains("delete node " + dead));
        int removal = indexOf(replacement.calls(), "member remove");
        int join = indexOf(replacement.calls(), "kubeadm join --config");
        assertThat(removal).as("stale member removed before joining").isLessThan(join);
        assertThat(sandbox.etcdMembers()).containsExactly(
                BootstrapSandbox.hostname("10.0.1.10") + " healthy",
                BootstrapSandbox.hostname("10.0.3.10") + " healthy",
                BootstrapSandbox.hostname("10.0.2.11") + " healthy");
        assertThat(sandbox.nodeNames()).doesNotContain(dead);
    }

    @Test
    void aNotReadyControlPlaneWhoseEtcdStillAnswersIsKept() {
        bootControlPlane("i-0000000000000001", "10.0.1.10");
        bootControlPlane("i-0000000000000002", "10.0.2.10");
        String slow = BootstrapSandbox.hostname("10.0.2.10");
        sandbox.killInstance(slow, true);

        Boot third = bootControlPlane("i-0000000000000003", "10.0.3.10");

        assertThat(third.called("etcdctl")).isTrue();
        assertThat(third.calls()).noneSatisfy(call -> assertThat(call).contains("member remove"));
        assertThat(sandbox.etcdMembers()).hasSize(3);
    }

    /** The etcd client is the etcd image kubeadm runs (sandbox/ctr), never Ubuntu's etcd-client or another on PATH. */
    @Test
    void theEtcdClientComesOutOfTheEtcdImageKubeadmPulledNotFromApt() throws Exception {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        Boot second = bootControlPlane("i-0000000000000002", "10.0.2.10");

        for (Boot boot : List.of(first, second)) {
            assertThat(boot.callsStartingWith("apt-get install")).noneSatisfy(call -> assertThat(call).contains("etcd"));
            int pull = indexOf(boot.calls(), "kubeadm config images pull --kubernetes-version v" + KubernetesVersion.latest().version());
            int mount = indexOf(boot.calls(), "ctr -n k8s.io images mount registry.k8s.io/etcd:3.5.21-0 ");
            assertThat(pull).as("images pulled, then the etcd image mounted").isNotNegative().isLessThan(mount);
            assertThat(indexOf(boot.calls(), "ctr -n k8s.io images unmount --rm ")).isGreaterThan(mount);
            assertThat(indexOf(boot.calls(), "etcdctl")).as("no etcd client before the image's").isGreaterThan(mount);
            for (String bin : List.of("etcdctl", "etcdutl")) {
                byte[] installed = java.nio.file.Files.readAllBytes(boot.root().resolve("usr/local/bin/" + bin));
                String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(installed));
                assertThat(boot.output()).contains("installed " + bin + " 3.5.21 from registry.k8s.io/etcd:3.5.21-0, sha256 " + sha256);
            }
        }
        assertThat(second.calls()).as("the joining member listed the members with the image's etcdctl")
                .anySatisfy(call -> assertThat(call).startsWith("etcdctl").contains("member list"));
    }

    @Test
    void anEtcdClientOfAnotherReleaseThanTheImageTagFailsTheBootBeforeTheInitLock() {
        sandbox.bootEnv("FAKE_ETCD_BINARY_VERSION", "3.4.30");

        Boot boot = sandbox.boot(userData(BootstrapScript.Role.CONTROL_PLANE), "i-0000000000000001", "10.0.1.10");

        assertThat(boot.exitCode()).isNotZero();
        assertThat(boot.output()).contains(
                "spotkube: ERROR: etcdctl of registry.k8s.io/etcd:3.5.21-0 says 'etcdctl version: 3.4.30', not version 3.5.21");
        assertThat(sandbox.hasParameter(PREFIX + "/init-lock")).isFalse();
        assertThat(boot.called("kubeadm init")).isFalse();
    }

    @Test
    void aWaitingControlPlaneTakesOverTheLockOfATerminatedHolder() {
        sandbox.putParameter(PREFIX + "/init-lock", "i-00000000000dead1");
        sandbox.instanceState("i-00000000000dead1", "terminated");

        Boot waiter = bootControlPlane("i-0000000000000002", "10.0.2.10");

        assertThat(sandbox.parameter(PREFIX + "/init-lock-2")).isEqualTo("i-0000000000000002");
        assertThat(waiter.called("kubeadm init --config")).isTrue();
        assertThat(waiter.callsStartingWith("sleep")).hasSize(5);
        assertThat(sandbox.parameterType(PREFIX + "/join/token")).isEqualTo("SecureString");
        assertThat(bootWorker("i-00000000000000a1", "10.0.3.20").exitCode()).isZero();
    }

    @Test
    void theLockOfARunningHolderIsLeftAlone() {
        sandbox.putParameter(PREFIX + "/init-lock", "i-000000000000slow");
        sandbox.instanceState("i-000000000000slow", "running");

        Boot waiter = sandbox.boot(userData(BootstrapScript.Role.CONTROL_PLANE), "i-0000000000000002", "10.0.2.10");

        assertThat(waiter.exitCode()).isNotZero();
        assertThat(waiter.output()).contains("no join material");
        assertThat(sandbox.hasParameter(PREFIX + "/init-lock-2")).isFalse();
        assertThat(waiter.called("kubeadm init")).isFalse();
    }

    @Test
    void anInstanceWhoseInitFailsAsksToBeReplacedWithoutLeakingTheToken() {
        sandbox.failNextInit();

        Boot failed = sandbox.boot(userData(BootstrapScript.Role.CONTROL_PLANE), "i-0000000000000001", "10.0.1.10");

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output()).contains("timed out waiting for the API server (token <redacted>)");
        assertThat(failed.calls()).contains(
                "aws autoscaling set-instance-health --instance-id i-0000000000000001 --health-status Unhealthy");
        assertThat(sandbox.hasParameter(PREFIX + "/join/token")).isFalse();
    }

    @Test
    void noSecretAppearsInTheTemplatesTheLogsOrAnyCommandLine() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        Boot second = bootControlPlane("i-0000000000000002", "10.0.2.10");
        Boot worker = bootWorker("i-00000000000000a1", "10.0.3.20");
        assertThat(worker.exitCode()).isZero();
        runAddons(first, "refresh");

        List<String> secrets = new ArrayList<>(sandbox.secrets());
        secrets.add(BootstrapSandbox.IMDS_SESSION_TOKEN);
        assertThat(sandbox.adminClientKeys()).as("the admin kubeconfig's key is among the secrets").hasSize(1);
        assertThat(sandbox.nodeClientKeys()).as("the worker's private key is among the secrets").hasSize(2);
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(5).allSatisfy(secret -> assertThat(secret).isNotBlank());
        assertThat(first.output()).as("xtrace is on: the log is not empty").contains("+ spotkube: ");
        List<String> exposed = new ArrayList<>(renderedTemplates);
        for (Boot boot : List.of(first, second, worker)) {
            exposed.add(boot.output());
            exposed.addAll(boot.calls());
        }
        exposed.addAll(sandbox.addonCalls(first));
        for (String secret : secrets) {
            assertThat(exposed).noneSatisfy(text -> assertThat(text).contains(secret));
        }
    }

    @Test
    void theAddonTimerAppliesTheStateStoreAddonsOnlyWhenTheyChange() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        Path rendered = first.root().resolve("var/lib/spotkube/addons-rendered");
        sandbox.putS3Object(BUCKET, "addons/spotkube-runtime.yaml", "kind: Namespace\n");

        runAddons(first, "apply");
        runAddons(first, "apply");
        assertThat(applies(first)).hasSize(1);

        sandbox.putS3Object(BUCKET, "addons/spotkube-runtime.yaml", "kind: Namespace # changed\n");
        runAddons(first, "apply");
        assertThat(applies(first)).hasSize(2).allSatisfy(call ->
                assertThat(call).isEqualTo("kubectl apply -R -f " + rendered));
        assertThat(sandbox.addonCalls(first)).contains(
                "aws s3 sync s3://" + BUCKET + "/addons/ " + first.root().resolve("var/lib/spotkube/addons/state-store")
                        + " --delete --only-show-errors");
    }

    @Test
    void theAddonTimerSubstitutesTheAddonVariablesBeforeApplying() throws IOException {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        sandbox.putS3Object(BUCKET, "addons/runtime/spotkube-runtime.yaml",
                "image: \"{{SPOTKUBE_IMAGE_URI}}\"\nargs: [--queue-url={{SPOTKUBE_QUEUE_URL}}]\n");

        runAddons(first, "apply");

        assertThat(first.root().resolve("var/lib/spotkube/addons-rendered/state-store/runtime/spotkube-runtime.yaml"))
                .hasContent("image: \"" + IMAGE + "\"\nargs: [--queue-url=" + QUEUE + "]");
        assertThat(applies(first)).hasSize(1);
    }

    @Test
    void addonsNamedInParameterStoreAreAppliedWithTheVariablesFromParameterStore() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        sandbox.putS3Object("cdk-assets", "0123abcd.yaml", "image: \"{{RUNTIME_IMAGE}}\"\nqueue: {{SPOTKUBE_QUEUE_URL}}\n");
        sandbox.putParameter(PREFIX + "/addons/spotkube-runtime.yaml", "s3://cdk-assets/0123abcd.yaml");
        sandbox.putParameter(PREFIX + "/addons/variables", "RUNTIME_IMAGE=registry/runtime:v2\nSPOTKUBE_QUEUE_URL=https://q");

        runAddons(first, "apply");

        assertThat(first.root().resolve("var/lib/spotkube/addons-rendered/parameters/spotkube-runtime.yaml"))
                .hasContent("image: \"registry/runtime:v2\"\nqueue: https://q");
        assertThat(applies(first)).hasSize(1);

        sandbox.putParameter(PREFIX + "/addons/variables", "RUNTIME_IMAGE=registry/runtime:v3\nSPOTKUBE_QUEUE_URL=https://q");
        runAddons(first, "apply");
        assertThat(applies(first)).as("a new image is a change").hasSize(2);
    }

    @Test
    void theCloudControllerManagerManifestIsAppliedAsRenderedNextToTheRuntimes() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        String ccm = CloudControllerManagerManifests.renderYaml("spot-kops-cluster");
        sandbox.putS3Object("cdk-assets", "ccm.yaml", ccm);
        sandbox.putParameter(PREFIX + "/addons/aws-cloud-controller-manager.yaml", "s3://cdk-assets/ccm.yaml");
        sandbox.putS3Object("cdk-assets", "runtime.yaml", "image: \"{{RUNTIME_IMAGE}}\"\n");
        sandbox.putParameter(PREFIX + "/addons/spotkube-runtime.yaml", "s3://cdk-assets/runtime.yaml");
        sandbox.putParameter(PREFIX + "/addons/variables", "RUNTIME_IMAGE=registry/runtime:v2");

        runAddons(first, "apply");

        // No add-on variables in it: the timer applies exactly what cdk8s rendered.
        assertThat(first.root().resolve("var/lib/spotkube/addons-rendered/parameters/aws-cloud-controller-manager.yaml"))
                .hasContent(ccm.stripTrailing());
        assertThat(applies(first)).hasSize(1);
    }

    @Test
    void anAddonUsingAnUndefinedVariableIsNotApplied() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        sandbox.putS3Object(BUCKET, "addons/spotkube-runtime.yaml", "image: {{SPOTKUBE_IMAGE}}\n");

        var result = sandbox.runAddons(first, "apply");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("spotkube-runtime.yaml uses undefined add-on variables: {{SPOTKUBE_IMAGE}}");
        assertThat(applies(first)).isEmpty();
    }

    @Test
    void theAddonTimerRefreshesTheJoinMaterialSoLaterNodesCanStillJoin() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        String initialToken = sandbox.parameter(PREFIX + "/join/token");

        runAddons(first, "refresh");

        assertThat(sandbox.parameter(PREFIX + "/join/token")).isNotEqualTo(initialToken);
        assertThat(sandbox.parameterType(PREFIX + "/join/token")).isEqualTo("SecureString");
        assertThat(sandbox.kubeadmConfig("i-0000000000000001", "upload-certs")).contains("certificateKey: ",
                "kubernetesVersion: v" + KubernetesVersion.latest().version());
        Boot worker = bootWorker("i-00000000000000a1", "10.0.3.20");
        assertThat(worker.exitCode()).as(worker.output()).isZero();
    }

    @Test
    void eachRefreshRotatesTheCertificateKeyAndRevokesAllTokensButTheNewAndThePrevious() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        String initToken = sandbox.parameter(PREFIX + "/join/token");
        String initKey = sandbox.parameter(PREFIX + "/join/certificate-key");
        assertThat(sandbox.kubeadmConfig("i-0000000000000001", "init")).contains("ttl: " + BootstrapScript.JOIN_TOKEN_TTL);

        runAddons(first, "refresh");
        String secondToken = sandbox.parameter(PREFIX + "/join/token");
        String secondKey = sandbox.parameter(PREFIX + "/join/certificate-key");
        sandbox.ageJoinMaterialRefresh(first);
        runAddons(first, "refresh");
        String thirdToken = sandbox.parameter(PREFIX + "/join/token");

        assertThat(List.of(initKey, secondKey)).doesNotHaveDuplicates().doesNotContain(sandbox.parameter(PREFIX + "/join/certificate-key"));
        assertThat(sandbox.uploadedCertificateKey()).isEqualTo(sandbox.parameter(PREFIX + "/join/certificate-key"));
        assertThat(sandbox.liveTokens()).containsExactly(secondToken, thirdToken).doesNotContain(initToken);
        assertThat(sandbox.addonCalls(first)).contains("kubeadm token delete " + initToken.split("\\.")[0] + " --kubeconfig "
                + first.root().resolve("etc/kubernetes/admin.conf"));
        assertThat(sandbox.addonCalls(first)).filteredOn(call -> call.startsWith("kubeadm token create"))
                .allSatisfy(call -> assertThat(call).contains("--ttl 1h0m0s"));
        Boot controlPlane = bootControlPlane("i-0000000000000002", "10.0.2.10");
        assertThat(controlPlane.called("kubeadm join --config")).isTrue();
    }

    @Test
    void theAddonTimerLabelsNodesFromTheirGroupsNodeTemplateTags() {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        assertThat(bootWorker("i-00000000000000a1", "10.0.3.20").exitCode()).isZero();
        sandbox.autoScalingGroup("spot-group-base-2vcpus-8gb", Map.of(
                "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/lifecycle", "Spot",
                "k8s.io/cluster-autoscaler/enabled", "true"), "i-00000000000000a1");

        runAddons(first, "label");

        String worker = BootstrapSandbox.hostname("10.0.3.20");
        assertThat(sandbox.addonCalls(first)).contains(
                "kubectl label node " + worker + " --overwrite kops.k8s.io/lifecycle=Spot spotkube.io/labelled=true");
        assertThat(sandbox.labelledNodes()).contains(worker);
    }

    @Test
    void theAddonTimerKeepsAPullSecretForPrivateEcrImagesWithoutExposingThePassword() throws IOException {
        Boot first = bootControlPlane("i-0000000000000001", "10.0.1.10");
        String registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
        sandbox.putS3Object(BUCKET, "addons/spotkube-runtime.yaml", "image: " + registry + "/cdk-assets:abc\n");
        runAddons(first, "apply");
        runAddons(first, "registry");
        assertThat(sandbox.addonCalls(first)).noneMatch(call -> call.startsWith("aws ecr"));

        java.nio.file.Files.writeString(sandbox.root().resolve("namespaces"), "spotkube-system\n");
        runAddons(first, "registry");
        runAddons(first, "registry");

        List<String> calls = sandbox.addonCalls(first);
        assertThat(calls).filteredOn(call -> call.startsWith("aws ecr get-login-password --region eu-west-1")).hasSize(1);
        assertThat(calls).anyMatch(call -> call.startsWith("kubectl create secret generic spotkube-registry "
                + "--namespace spotkube-system --type=kubernetes.io/dockerconfigjson"));
        String applied = java.nio.file.Files.readString(sandbox.root().resolve("applied-from-stdin.yaml"));
        String config = new String(java.util.Base64.getDecoder().decode(
                applied.lines().filter(line -> line.startsWith("dockerconfigjson: ")).findFirst().orElseThrow()
                        .substring("dockerconfigjson: ".length())), java.nio.charset.StandardCharsets.UTF_8);
        String auth = java.util.Base64.getEncoder().encodeToString(
                "AWS:ecr-password-not-for-logs".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(config).isEqualTo("{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
        assertThat(calls).noneMatch(call -> call.contains("ecr-password-not-for-logs") || call.contains(auth));
        assertThat(sandbox.runAddons(first, "registry").output()).doesNotContain("ecr-password-not-for-logs");
    }

    private void runAddons(Boot controlPlane, String task) {
        var result = sandbox.runAddons(controlPlane, task);
        assertThat(result.exitCode()).as("addons.sh %s:%n%s", task, result.output()).isZero();
    }

    private List<String> applies(Boot controlPlane) {
        return sandbox.addonCalls(controlPlane).stream().filter(call -> call.startsWith("kubectl apply")).toList();
    }

    private static int indexOf(List<String> calls, String fragment) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    /** cniManifestSha256: the download is checked before anything in it is applied. */
    @Test
    void aPinnedCniManifestIsAppliedOnlyWhenItsSha256Matches() throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        String manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: calico-system\n";
        Files.writeString(downloads.resolve("calico-vxlan.yaml"), manifest);
        sandbox.bootEnv("FAKE_DOWNLOADS", downloads.toString());
        String pinned = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        Boot first = sandbox.boot(userData(BootstrapScript.Role.CONTROL_PLANE, b -> b.cniManifestSha256(pinned)),
                "i-0000000000000001", "10.0.1.10");

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).doesNotContain("is not pinned");
        assertThat(first.callsStartingWith("kubectl --kubeconfig")).anySatisfy(call ->
                assertThat(call).contains("apply", "tmp/cni-manifest.yaml"));
    }

    @Test
    void aCniManifestThatIsNotThePinnedOneFailsTheBootUnapplied() throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        Files.writeString(downloads.resolve("calico-vxlan.yaml"), "kind: Namespace # tampered\n");
        sandbox.bootEnv("FAKE_DOWNLOADS", downloads.toString());
        String pinned = "0".repeat(64);

        Boot first = sandbox.boot(userData(BootstrapScript.Role.CONTROL_PLANE, b -> b.cniManifestSha256(pinned)),
                "i-0000000000000001", "10.0.1.10");

        assertThat(first.exitCode()).isNotZero();
        assertThat(first.output()).contains("the CNI manifest " + BootstrapScript.DEFAULT_CNI_MANIFEST_URL
                + " is not the pinned one (SHA-256 " + pinned + "): refusing it");
        assertThat(first.callsStartingWith("kubectl --kubeconfig")).noneSatisfy(call ->
                assertThat(call).contains("cni-manifest.yaml"));
    }
}
