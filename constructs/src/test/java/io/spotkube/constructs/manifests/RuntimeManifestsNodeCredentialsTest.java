package io.spotkube.constructs.manifests;

import static io.spotkube.constructs.manifests.RuntimeManifestsTest.at;
import static io.spotkube.constructs.manifests.RuntimeManifestsTest.objects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code nodeCredentialRoleNames}: the node credential server's flags, port and CertificateSigningRequest rights. */
class RuntimeManifestsNodeCredentialsTest {

    private static final List<Map<String, Object>> ON = objects(RuntimeManifestsTest.tutorialProps().onControlPlane(true)
            .nodeCredentialRoleNames("{{NODE_ROLE_NAMES}}").build());
    private static final List<Map<String, Object>> OFF = objects(RuntimeManifestsTest.tutorialProps().onControlPlane(true)
            .build());

    private static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(at(o, "metadata", "name")))
                .findFirst().orElse(null);
    }

    @Test
    void theRuntimeServesNodeCredentialsOnKopsControllersPortForTheNodeRoles() {
        Map<String, Object> container = at(RuntimeManifestsTest.kind(ON, "Deployment"), "spec", "template", "spec",
                "containers", "0");

        List<String> args = at(container, "args");
        assertThat(args).contains("--node-credential-address=0.0.0.0:3988",
                "--node-credential-role-names={{NODE_ROLE_NAMES}}");
        List<Map<String, Object>> ports = at(container, "ports");
        assertThat(ports).anySatisfy(port -> {
            assertThat(port.get("containerPort")).isEqualTo(3988);
            assertThat(port.get("name")).isEqualTo("node-credential");
        });
    }

    @Test
    void theRuntimeMayApproveOnlyForTheKubeletClientSigner() {
        Map<String, Object> role = named(ON, "ClusterRole", "spotkube-runtime-node-credentials");
        assertThat(role).isNotNull();

        List<Map<String, Object>> rules = at(role, "rules");
        assertThat(rules).containsExactly(
                Map.of("apiGroups", List.of("certificates.k8s.io"), "resources", List.of("certificatesigningrequests"),
                        "verbs", List.of("create", "get", "list", "watch")),
                Map.of("apiGroups", List.of("certificates.k8s.io"),
                        "resources", List.of("certificatesigningrequests/approval"), "verbs", List.of("update")),
                Map.of("apiGroups", List.of("certificates.k8s.io"), "resources", List.of("signers"),
                        "resourceNames", List.of("kubernetes.io/kube-apiserver-client-kubelet"),
                        "verbs", List.of("approve")));
        Map<String, Object> binding = named(ON, "ClusterRoleBinding", "spotkube-runtime-node-credentials");
        assertThat(at(binding, "roleRef", "name").toString()).isEqualTo("spotkube-runtime-node-credentials");
        assertThat(at(binding, "subjects", "0").toString()).contains("ServiceAccount", "spotkube-runtime",
                "spotkube-system");
    }

    @Test
    void offByDefaultWithNoServerAndNoCertificateRights() {
        List<String> args = at(RuntimeManifestsTest.kind(OFF, "Deployment"), "spec", "template", "spec", "containers",
                "0", "args");

        assertThat(args).noneMatch(arg -> arg.startsWith("--node-credential"));
        assertThat(named(OFF, "ClusterRole", "spotkube-runtime-node-credentials")).isNull();
        assertThat(OFF.toString()).doesNotContain("certificates.k8s.io", "3988");
    }

    @Test
    void blankRoleNamesAreRejectedNamingTheProp() {
        assertThatThrownBy(() -> RuntimeManifestsTest.tutorialProps().nodeCredentialRoleNames(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("nodeCredentialRoleNames (\" \")");
    }
}
