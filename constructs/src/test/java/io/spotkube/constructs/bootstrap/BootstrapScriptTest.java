package io.spotkube.constructs.bootstrap;

import io.spotkube.constructs.LabelRules;
import io.spotkube.constructs.NodeTaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapScriptTest {

    private static final String NLB_TOKEN = "${Token[TOKEN.734]}";
    private static final String REGION_TOKEN = "${Token[AWS.Region.12]}";

    @Test
    void anAdminKubeconfigNeedsAControlPlaneAnSsmPathAndAKmsKeyArn() {
        String key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThat(tutorialNode(BootstrapScript.Role.CONTROL_PLANE)
                .adminKubeconfig("/spotkube/spot-kops-cluster/${Token[TOKEN.801]}/admin/kubeconfig", "${Token[TOKEN.950]}")
                .build().render()).contains("readonly ADMIN_KUBECONFIG_KEY='${Token[TOKEN.950]}'");
        assertThatThrownBy(() -> tutorialNode(BootstrapScript.Role.WORKER).adminKubeconfig("/spotkube/x/admin/kubeconfig", key).build())
                .hasMessageStartingWith("adminKubeconfig is published by the control plane");
        assertThatThrownBy(() -> tutorialNode(BootstrapScript.Role.CONTROL_PLANE).adminKubeconfig("admin/kubeconfig", key).build())
                .hasMessageStartingWith("adminKubeconfig parameter (admin/kubeconfig) must be an SSM path");
        assertThatThrownBy(() -> tutorialNode(BootstrapScript.Role.CONTROL_PLANE).adminKubeconfig("/spotkube/x/k", "alias/aws/ssm").build())
                .hasMessageStartingWith("adminKubeconfig key (alias/aws/ssm) is not valid");
        assertThatThrownBy(() -> tutorialNode(BootstrapScript.Role.CONTROL_PLANE).adminKubeconfig("/spotkube/x/k", null))
                .hasMessageContaining("both the parameter name and the key ARN");
    }

    static BootstrapScript.Builder tutorialNode(BootstrapScript.Role role) {
        BootstrapScript.Builder builder = BootstrapScript.builder();
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            // what SpotKubernetesCluster passes: the URLs of two CDK assets
            builder.maintenanceScripts("s3://${Token[TOKEN.960]}/${Token[TOKEN.961]}", "s3://${Token[TOKEN.962]}/${Token[TOKEN.963]}");
        }
        return builder
                .clusterName("spot-kops-cluster.k8s.local")
                .role(role)
                .apiEndpoint(NLB_TOKEN)
                .ssmParameterPrefix("/spotkube/spot-kops-cluster")
                .stateBucketName("${Token[TOKEN.801]}")
                .region(REGION_TOKEN)
                .nodeLabel("kops.k8s.io/lifecycle", "Spot")
                .nodeLabel("node.kubernetes.io/lifecycle", "spot")
                .nodeTaint(NodeTaint.parse("spot=true:NoSchedule"))
                .addonVariable("SPOTKUBE_QUEUE_URL", "${Token[TOKEN.900]}")
                .addonVariable("SPOTKUBE_IMAGE_URI", "${Token[TOKEN.901]}");
    }

    @ParameterizedTest
    @EnumSource(BootstrapScript.Role.class)
    void cdkTokensPassThroughUnchangedAsShellValues(BootstrapScript.Role role) {
        String userData = tutorialNode(role).build().render();

        assertThat(userData).contains("readonly API_ENDPOINT='" + NLB_TOKEN + "'",
                "readonly CLUSTER_REGION='" + REGION_TOKEN + "'",
                "readonly ADDON_VARIABLES='SPOTKUBE_IMAGE_URI=${Token[TOKEN.901]}\nSPOTKUBE_QUEUE_URL=${Token[TOKEN.900]}'");
        assertThat(userData).doesNotContain("@@");
    }

    @ParameterizedTest
    @EnumSource(BootstrapScript.Role.class)
    void renderingIsDeterministic(BootstrapScript.Role role) {
        assertThat(tutorialNode(role).build().render()).isEqualTo(tutorialNode(role).build().render());
    }

    @ParameterizedTest
    @EnumSource(BootstrapScript.Role.class)
    void userDataFitsEc2sSixteenKilobyteLimit(BootstrapScript.Role role) {
        assertThat(tutorialNode(role).build().render().getBytes(StandardCharsets.UTF_8).length).isLessThan(16 * 1024);
    }

    @ParameterizedTest
    @EnumSource(BootstrapScript.Role.class)
    void theCompressedPayloadIsThePlainBootstrap(BootstrapScript.Role role) throws IOException {
        BootstrapScript script = tutorialNode(role).build();
        String userData = script.render();
        String encoded = userData.substring(userData.indexOf("<<'SPOTKUBE_PAYLOAD'"));
        encoded = encoded.substring(encoded.indexOf('\n') + 1, encoded.indexOf("\nSPOTKUBE_PAYLOAD\n"));

        String payload = gunzip(Base64.getMimeDecoder().decode(encoded));

        assertThat(script.renderPlain()).endsWith(payload);
        assertThat(payload).contains("main \"$@\"").doesNotContain("@@");
        assertThat(payload.contains("claim_init_lock")).isEqualTo(role == BootstrapScript.Role.CONTROL_PLANE);
    }

    @ParameterizedTest
    @EnumSource(BootstrapScript.Role.class)
    void everyKubeletLeavesNodeInitialisationToTheExternalCloudProvider(BootstrapScript.Role role) {
        // The sandbox test checks the kubeadm configuration the script writes; this checks both roles carry it.
        assertThat(tutorialNode(role).build().renderPlain()).contains(
                "echo \"  kubeletExtraArgs:\"\n  echo \"    - name: cloud-provider\"\n  echo \"      value: external\"",
                "echo \"  name: $NODE_NAME\"", "NODE_NAME=\"$(imds local-hostname)\"",
                "PROVIDER_ID=\"aws:///$AVAILABILITY_ZONE/$INSTANCE_ID\"");
    }

    @Test
    void onlyTheControlPlaneInstallsTheTimerScriptsWhichAreDownloadedNotEmbedded() {
        BootstrapScript controlPlane = tutorialNode(BootstrapScript.Role.CONTROL_PLANE).build();
        assertThat(controlPlane.renderPlain())
                .contains("spotkube-addons.timer", "spotkube-etcd-backup.timer", "install_script \"$ADDONS_SCRIPT_URL\" addons.sh",
                        "readonly ADDONS_SCRIPT_URL='s3://${Token[TOKEN.960]}/${Token[TOKEN.961]}'")
                .doesNotContain("apply_addons()", "snapshot save");
        assertThat(controlPlane.renderAddonsScript()).contains("apply_addons()", "refresh_join_material()");
        assertThat(controlPlane.renderEtcdBackupScript()).contains("snapshot save");
        assertThatThrownBy(() -> BootstrapScript.builder().clusterName("c").role(BootstrapScript.Role.CONTROL_PLANE)
                .apiEndpoint("api.example.com").ssmParameterPrefix("/spotkube/c").stateBucketName("state-bucket")
                .region("eu-west-1").build()).hasMessage("maintenanceScripts addons URL is required");
        assertThat(tutorialNode(BootstrapScript.Role.WORKER).build().renderPlain())
                .doesNotContain("spotkube-addons", "etcdctl");
    }

    @Test
    void labelsInTheReservedNamespacesAreLeftToTheControlPlane() {
        BootstrapScript script = tutorialNode(BootstrapScript.Role.WORKER).nodeLabel("team", "web").build();

        assertThat(script.kubeletNodeLabels()).containsExactly(
                Map.entry("node.kubernetes.io/lifecycle", "spot"), Map.entry("team", "web"));
        assertThat(script.privilegedNodeLabels()).containsExactly(Map.entry("kops.k8s.io/lifecycle", "Spot"));
        assertThat(script.renderPlain()).contains("readonly KUBELET_NODE_LABELS='node.kubernetes.io/lifecycle=spot,team=web'",
                "readonly PRIVILEGED_NODE_LABELS='kops.k8s.io/lifecycle=Spot'", "readonly NODE_TAINTS='spot=true:NoSchedule'");
    }

    @Test
    void theKubernetesVersionPinsThePackages() {
        String plain = tutorialNode(BootstrapScript.Role.WORKER).kubernetesVersion(KubernetesVersion.of("1.31")).build()
                .renderPlain();

        assertThat(plain).contains("readonly KUBERNETES_PACKAGE_VERSION='1.31.9-1.1'", "readonly KUBERNETES_MINOR='1.31'");
    }

    @Test
    void anUnsupportedKubernetesVersionNamesTheSupportedOnes() {
        assertThatThrownBy(() -> KubernetesVersion.of("1.24"))
                .hasMessage("kubernetesVersion (1.24) is not supported; use one of 1.31, 1.32, 1.33");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "clusterName    | clusterName (bad name!) is not valid",
        "apiEndpoint    | apiEndpoint is required",
        "ssmPrefix      | ssmParameterPrefix (spotkube) must be an SSM path like /spotkube/my-cluster",
        "bucket         | stateBucketName is required",
        "region         | region (Ireland) is not valid",
        "label          | nodeLabels key (kops.k8s.io/life cycle) is not a valid Kubernetes qualified name",
        "quote          | nodeLabels value of team (it's) is not a valid Kubernetes label value",
        "cni            | cniManifestUrl (http://example.com/cni.yaml) must be a plain https:// URL",
        "variable       | addonVariables name (queue-url) must match [A-Z][A-Z0-9_]*"})
    void badInputIsRejectedNamingTheField(String field, String message) {
        Map<String, UnaryOperator<BootstrapScript.Builder>> breakers = Map.of(
                "clusterName", b -> b.clusterName("bad name!"),
                "apiEndpoint", b -> b.apiEndpoint(null),
                "ssmPrefix", b -> b.ssmParameterPrefix("spotkube"),
                "bucket", b -> b.stateBucketName(null),
                "region", b -> b.region("Ireland"),
                "label", b -> b.nodeLabel("kops.k8s.io/life cycle", "Spot"),
                "quote", b -> b.nodeLabel("team", "it's"),
                "cni", b -> b.cniManifestUrl("http://example.com/cni.yaml"),
                "variable", b -> b.addonVariable("queue-url", "x"));
        BootstrapScript.Builder builder = breakers.get(field).apply(tutorialNode(BootstrapScript.Role.CONTROL_PLANE));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spot", "spot:Sometimes", "=x:NoSchedule"})
    void malformedTaintsAreRejected(String taint) {
        assertThatThrownBy(() -> NodeTaint.parse(taint)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("taint");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 257, 259, 40_000, 100_000})
    void theGzipEncoderRoundTripsThroughTheJdksDecoder(int size) throws IOException {
        Random random = new Random(size);
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            // Runs, repeats far apart (> 32 KiB) and noise, to exercise every length and distance code.
            text.append(random.nextInt(4) == 0 ? "x".repeat(random.nextInt(600)) : Integer.toHexString(random.nextInt()));
            if (random.nextInt(50) == 0 && text.length() > 100) {
                text.append(text, 0, Math.min(text.length(), 300));
            }
        }
        byte[] input = text.substring(0, size).getBytes(StandardCharsets.UTF_8);

        byte[] compressed = DeterministicGzip.compress(input);

        assertThat(gunzip(compressed).getBytes(StandardCharsets.UTF_8)).isEqualTo(input);
        if (size > 10_000) {
            assertThat(compressed.length).isLessThan(input.length * 3 / 4);
        }
    }

    private static String gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
