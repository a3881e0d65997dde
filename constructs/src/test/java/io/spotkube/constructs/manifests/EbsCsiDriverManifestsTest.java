package io.spotkube.constructs.manifests;

import static io.spotkube.constructs.manifests.RuntimeManifestsTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Amazon EBS CSI driver as upstream's kustomize base ships it, with the controller on the control
 * plane in the host network and the node plugin reading its instance from the Kubernetes API.
 */
class EbsCsiDriverManifestsTest {

    private static List<Map<String, Object>> objects;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void render() {
        App app = new App();
        EbsCsiDriverManifests chart = new EbsCsiDriverManifests(app, "ebs", "spot-kops-cluster", 2);
        objects = new ArrayList<>();
        for (Object object : chart.toJson()) {
            objects.add((Map<String, Object>) object);
        }
    }

    private static Map<String, Object> named(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(at(o, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static List<Map<String, Object>> containers(String kind, String name) {
        return at(named(kind, name), "spec", "template", "spec", "containers");
    }

    private static Map<String, Object> container(String kind, String name, String container) {
        return containers(kind, name).stream().filter(c -> container.equals(c.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void theObjectsAreUpstreamsNames() {
        assertThat(objects).extracting(o -> o.get("kind") + "/" + at(o, "metadata", "name")).containsExactlyInAnyOrder(
                "ServiceAccount/ebs-csi-controller-sa", "ServiceAccount/ebs-csi-node-sa",
                "ClusterRole/ebs-external-provisioner-role", "ClusterRoleBinding/ebs-csi-provisioner-binding",
                "ClusterRole/ebs-external-attacher-role", "ClusterRoleBinding/ebs-csi-attacher-binding",
                "ClusterRole/ebs-external-resizer-role", "ClusterRoleBinding/ebs-csi-resizer-binding",
                "ClusterRole/ebs-csi-node-role", "ClusterRoleBinding/ebs-csi-node-getter-binding",
                "Role/ebs-csi-leases-role", "RoleBinding/ebs-csi-leases-rolebinding",
                "Deployment/ebs-csi-controller", "PodDisruptionBudget/ebs-csi-controller", "DaemonSet/ebs-csi-node",
                "CSIDriver/ebs.csi.aws.com", "StorageClass/gp3");
    }

    @Test
    void everyImageIsPinnedByVersionTag() {
        List<String> images = new ArrayList<>();
        for (String workload : List.of("Deployment/ebs-csi-controller", "DaemonSet/ebs-csi-node")) {
            String[] kindName = workload.split("/");
            containers(kindName[0], kindName[1]).forEach(c -> images.add((String) c.get("image")));
        }

        assertThat(images).hasSize(8).allMatch(image -> image.matches("public\\.ecr\\.aws/[a-z-]+/[a-z-]+:v\\d+\\.\\d+\\.\\d+(-eksbuild\\.\\d+)?"),
                "a v<major>.<minor>.<patch> tag").containsOnly(EbsCsiDriverManifests.IMAGES.toArray(String[]::new));
        assertThat(images).contains("public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.49.0");
    }

    @Test
    void theControllerRunsOnTheControlPlaneInTheHostNetworkForTheControlPlaneRole() {
        Map<String, Object> pod = at(named("Deployment", "ebs-csi-controller"), "spec", "template", "spec");

        assertThat(pod).containsEntry("hostNetwork", true).containsEntry("dnsPolicy", "Default")
                .containsEntry("priorityClassName", "system-cluster-critical");
        assertThat((Map<String, Object>) at(pod, "nodeSelector")).containsEntry("node-role.kubernetes.io/control-plane", "");
        assertThat(String.valueOf(pod.get("tolerations"))).contains("key=node-role.kubernetes.io/control-plane");
        assertThat(String.valueOf(pod.get("topologySpreadConstraints")))
                .contains("topologyKey=kubernetes.io/hostname, whenUnsatisfiable=DoNotSchedule");
        assertThat((Integer) at(named("Deployment", "ebs-csi-controller"), "spec", "replicas")).isEqualTo(2);
        // No Secret can override the instance role's credentials.
        assertThat(String.valueOf(containers("Deployment", "ebs-csi-controller"))).doesNotContain("aws-secret", "AWS_ACCESS_KEY_ID");
    }

    @Test
    void theControllerTagsVolumesWithTheClusterAndServesHealthOnLoopbackOnly() {
        assertThat((List<String>) container("Deployment", "ebs-csi-controller", "ebs-plugin").get("args"))
                .contains("controller", "--k8s-tag-cluster-id=spot-kops-cluster");
        assertThat((List<String>) container("Deployment", "ebs-csi-controller", "liveness-probe").get("args"))
                .contains("--http-endpoint=127.0.0.1:9808");
        assertThat((Map<String, Object>) at(container("Deployment", "ebs-csi-controller", "ebs-plugin"), "livenessProbe", "httpGet"))
                .containsEntry("host", "127.0.0.1");
        // Left out as the Helm chart and kOps leave it out without the VolumeSnapshot CRDs.
        assertThat(containers("Deployment", "ebs-csi-controller")).extracting(c -> c.get("name"))
                .containsExactly("ebs-plugin", "csi-provisioner", "csi-attacher", "csi-resizer", "liveness-probe");
    }

    @Test
    void theControllerIsNonRootWithReadOnlyRootFilesystemsAndNoCapabilities() {
        Map<String, Object> pod = at(named("Deployment", "ebs-csi-controller"), "spec", "template", "spec");

        assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 1000).containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat(containers("Deployment", "ebs-csi-controller")).allSatisfy(c -> assertThat((Map<String, Object>) c.get("securityContext"))
                .containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("capabilities", Map.of("drop", List.of("ALL"))));
    }

    @Test
    void theNodePluginSkipsImdsAndReadsItsInstanceFromItsNode() {
        Map<String, Object> plugin = container("DaemonSet", "ebs-csi-node", "ebs-plugin");
        Map<String, Object> pod = at(named("DaemonSet", "ebs-csi-node"), "spec", "template", "spec");

        assertThat(String.valueOf(plugin.get("env"))).contains("name=AWS_EC2_METADATA_DISABLED, value=true",
                "name=CSI_NODE_NAME, valueFrom={fieldRef={fieldPath=spec.nodeName}}");
        assertThat(pod).containsEntry("hostNetwork", false).containsEntry("serviceAccountName", "ebs-csi-node-sa");
        // Upstream's Kubernetes metadata source gets the Node by name.
        assertThat(RuntimeManifestsTest.rules(named("ClusterRole", "ebs-csi-node-role"))).anyMatch(rule -> rule.startsWith("/nodes:")
                && rule.contains("get"));
        // Upstream: root and privileged (mounts); every container's root filesystem read-only still.
        assertThat(containers("DaemonSet", "ebs-csi-node")).allSatisfy(c -> assertThat((Map<String, Object>) c.get("securityContext"))
                .containsEntry("readOnlyRootFilesystem", true));
    }

    @Test
    void theDefaultStorageClassIsEncryptedGp3BoundWhereThePodRuns() {
        Map<String, Object> storageClass = named("StorageClass", "gp3");

        assertThat((Map<String, Object>) at(storageClass, "metadata", "annotations"))
                .containsEntry("storageclass.kubernetes.io/is-default-class", "true");
        assertThat(storageClass).containsEntry("provisioner", "ebs.csi.aws.com")
                .containsEntry("volumeBindingMode", "WaitForFirstConsumer").containsEntry("allowVolumeExpansion", true);
        assertThat((Map<String, Object>) storageClass.get("parameters")).containsEntry("type", "gp3").containsEntry("encrypted", "true");
    }

    @Test
    void aBadClusterNameOrReplicaCountIsRefusedNamingTheArgument() {
        assertThatThrownBy(() -> EbsCsiDriverManifests.renderYaml("Spot Cluster", 2)).hasMessageStartingWith("clusterName (Spot Cluster)");
        assertThatThrownBy(() -> EbsCsiDriverManifests.renderYaml("spot", 0)).hasMessageStartingWith("controllerReplicas (0)");
    }
}
