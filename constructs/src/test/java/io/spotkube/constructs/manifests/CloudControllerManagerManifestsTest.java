package io.spotkube.constructs.manifests;

import static io.spotkube.constructs.manifests.RuntimeManifestsTest.at;
import static io.spotkube.constructs.manifests.RuntimeManifestsTest.kind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** aws-cloud-controller-manager as upstream ships it, hardened, on control-plane nodes that are not yet initialised. */
class CloudControllerManagerManifestsTest {

    private static List<Map<String, Object>> objects;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void render() {
        App app = new App();
        CloudControllerManagerManifests chart = new CloudControllerManagerManifests(app, "ccm", "spot-kops-cluster",
                CloudControllerManagerManifests.DEFAULT_IMAGE);
        objects = new ArrayList<>();
        for (Object object : chart.toJson()) {
            objects.add((Map<String, Object>) object);
        }
    }

    @Test
    void theObjectsAreUpstreamsNamesInKubeSystem() {
        assertThat(objects).extracting(o -> o.get("kind") + "/" + at(o, "metadata", "name")).containsExactlyInAnyOrder(
                "ServiceAccount/cloud-controller-manager",
                "ClusterRole/system:cloud-controller-manager",
                "ClusterRoleBinding/system:cloud-controller-manager",
                "RoleBinding/cloud-controller-manager:apiserver-authentication-reader",
                "ConfigMap/aws-cloud-config",
                "DaemonSet/aws-cloud-controller-manager");
        assertThat((Map<String, Object>) at(kind(objects, "RoleBinding"), "roleRef"))
                .containsEntry("kind", "Role").containsEntry("name", "extension-apiserver-authentication-reader");
        assertThat((List<Object>) at(kind(objects, "ClusterRoleBinding"), "subjects")).singleElement().asString()
                .contains("name=cloud-controller-manager", "namespace=kube-system");
    }

    @Test
    void theDaemonSetRunsThePinnedImageWithUpstreamsFlagsAndTheClusterNamed() {
        Map<String, Object> container = at(kind(objects, "DaemonSet"), "spec", "template", "spec", "containers", "0");

        assertThat(container.get("image")).isEqualTo("registry.k8s.io/provider-aws/cloud-controller-manager:v1.33.4");
        assertThat((List<String>) container.get("args")).containsExactly("--v=2", "--cloud-provider=aws",
                "--cloud-config=/etc/kubernetes/cloud-config/cloud.conf", "--cluster-name=spot-kops-cluster",
                "--use-service-account-credentials=true", "--configure-cloud-routes=false",
                "--controllers=cloud-node-controller,cloud-node-lifecycle-controller,service-lb-controller");
        assertThat((Map<String, Object>) at(kind(objects, "ConfigMap"), "data"))
                .containsEntry("cloud.conf", "[Global]\nKubernetesClusterID = spot-kops-cluster\n");
    }

    @Test
    void itRunsOnControlPlaneNodesBeforeTheyAreInitialisedOrReady() {
        Map<String, Object> pod = at(kind(objects, "DaemonSet"), "spec", "template", "spec");

        assertThat((Map<String, Object>) pod.get("nodeSelector")).containsExactly(Map.entry("node-role.kubernetes.io/control-plane", ""));
        assertThat((List<Object>) pod.get("tolerations")).extracting(Object::toString).containsExactly(
                "{key=node.cloudprovider.kubernetes.io/uninitialized, value=true, effect=NoSchedule}",
                "{key=node-role.kubernetes.io/control-plane, effect=NoSchedule}",
                "{key=node.kubernetes.io/not-ready, operator=Exists, effect=NoSchedule}");
        assertThat(pod).containsEntry("hostNetwork", true).containsEntry("dnsPolicy", "Default")
                .containsEntry("priorityClassName", "system-node-critical")
                .containsEntry("serviceAccountName", "cloud-controller-manager");
    }

    @Test
    void thePodIsNonRootReadOnlyAndBounded() {
        Map<String, Object> pod = at(kind(objects, "DaemonSet"), "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", "0");

        assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 65532).containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat((Map<String, Object>) container.get("securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false).containsEntry("capabilities", Map.of("drop", List.of("ALL")));
        assertThat(container.get("resources").toString()).isEqualTo("{requests={cpu=200m, memory=128Mi}, limits={memory=512Mi}}");
    }

    @Test
    void theRenderingIsDeterministic() {
        assertThat(CloudControllerManagerManifests.renderYaml("spot-kops-cluster"))
                .isEqualTo(CloudControllerManagerManifests.renderYaml("spot-kops-cluster"));
    }

    @Test
    void aClusterNameThatCannotBeATagIsRejected() {
        assertThatThrownBy(() -> CloudControllerManagerManifests.renderYaml("Spot Cluster"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterName (Spot Cluster)");
    }
}
