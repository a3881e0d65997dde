package io.spotkube.constructs.manifests;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.JsonPatch;
import software.constructs.Construct;

/**
 * The Amazon EBS CSI driver as kOps installs it, from upstream's {@code deploy/kubernetes/base}
 * (kubernetes-sigs/aws-ebs-csi-driver v1.49.0): the ServiceAccounts, the provisioner's, attacher's,
 * resizer's and node's ClusterRoles and bindings, the leader-election Role, the controller
 * Deployment and its PodDisruptionBudget, the node DaemonSet and the CSIDriver; plus a default
 * StorageClass {@code gp3}, encrypted. Pod templates: {@link EbsCsiDriverPods}. Every object is a
 * plain cdk8s {@link ApiObject} (cdk8s-plus-25 has no CSIDriver, StorageClass nor plain nodeSelector).
 */
public final class EbsCsiDriverManifests extends Chart {

    /** Pinned by tag: no digest could be resolved offline (docs/manifests.md). */
    public static final String DRIVER_IMAGE = "public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.49.0";
    /** The sidecars of the v1.49.0 kustomize base. */
    public static final String PROVISIONER_IMAGE = "public.ecr.aws/csi-components/csi-provisioner:v5.3.0-eksbuild.4";
    public static final String ATTACHER_IMAGE = "public.ecr.aws/csi-components/csi-attacher:v4.9.0-eksbuild.4";
    public static final String RESIZER_IMAGE = "public.ecr.aws/csi-components/csi-resizer:v1.14.0-eksbuild.4";
    public static final String LIVENESS_PROBE_IMAGE = "public.ecr.aws/csi-components/livenessprobe:v2.16.0-eksbuild.5";
    public static final String NODE_DRIVER_REGISTRAR_IMAGE =
            "public.ecr.aws/csi-components/csi-node-driver-registrar:v2.14.0-eksbuild.5";
    public static final List<String> IMAGES = List.of(DRIVER_IMAGE, PROVISIONER_IMAGE, ATTACHER_IMAGE, RESIZER_IMAGE,
            LIVENESS_PROBE_IMAGE, NODE_DRIVER_REGISTRAR_IMAGE);

    /** The CSI driver's name, the StorageClasses' provisioner. */
    public static final String DRIVER_NAME = "ebs.csi.aws.com";
    public static final String CONTROLLER = "ebs-csi-controller";
    public static final String NODE = "ebs-csi-node";
    public static final String CONTROLLER_SERVICE_ACCOUNT = "ebs-csi-controller-sa";
    public static final String NODE_SERVICE_ACCOUNT = "ebs-csi-node-sa";
    /** The default StorageClass this add-on creates. */
    public static final String STORAGE_CLASS = "gp3";

    static final String NAMESPACE = "kube-system";
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final Map<String, String> NAME_LABEL = RuntimeManifests.ordered("app.kubernetes.io/name", "aws-ebs-csi-driver");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    /**
     * @param controllerReplicas at most one per control-plane instance (host network): min(2, control planes)
     */
    public EbsCsiDriverManifests(Construct scope, String id, String clusterName, int controllerReplicas) {
        super(scope, id);
        if (clusterName == null || !CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("clusterName (" + clusterName
                    + ") must be a DNS name: it becomes the volume tag kubernetes.io/cluster/<clusterName>");
        }
        if (controllerReplicas < 1) {
            throw new IllegalArgumentException("controllerReplicas (" + controllerReplicas + ") must be at least 1");
        }
        EbsCsiDriverPods pods = new EbsCsiDriverPods(clusterName);
        object("controller-service-account", "v1", "ServiceAccount", CONTROLLER_SERVICE_ACCOUNT, true,
                JsonPatch.add("/automountServiceAccountToken", true));
        object("node-service-account", "v1", "ServiceAccount", NODE_SERVICE_ACCOUNT, true,
                JsonPatch.add("/automountServiceAccountToken", true));
        addRbac();
        addController(pods, controllerReplicas);
        addNode(pods);
        object("csi-driver", "storage.k8s.io/v1", "CSIDriver", DRIVER_NAME, false,
                JsonPatch.add("/spec", ordered("attachRequired", true, "podInfoOnMount", false, "fsGroupPolicy", "File")));
        addStorageClass();
    }

    /** Renders the add-on in a fresh cdk8s app: deterministic multi-document YAML. */
    public static String renderYaml(String clusterName, int controllerReplicas) {
        App app = new App();
        new EbsCsiDriverManifests(app, "aws-ebs-csi-driver", clusterName, controllerReplicas);
        return app.synthYaml();
    }

    private ApiObject object(String id, String apiVersion, String kind, String name, boolean namespaced, JsonPatch... patches) {
        ApiObjectMetadata.Builder metadata = ApiObjectMetadata.builder().name(name).labels(NAME_LABEL);
        if (namespaced) {
            metadata.namespace(NAMESPACE);
        }
        ApiObject object = new ApiObject(this, id, ApiObjectProps.builder().apiVersion(apiVersion).kind(kind)
                .metadata(metadata.build()).build());
        object.addJsonPatch(patches);
        return object;
    }

    private static Map<String, Object> rule(String group, List<String> resources, List<String> verbs) {
        return ordered("apiGroups", List.of(group), "resources", resources, "verbs", verbs);
    }

    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> EVENTS = List.of("list", "watch", "create", "update", "patch");

    private void clusterRole(String id, String name, String binding, String serviceAccount, List<Map<String, Object>> rules) {
        object(id, RBAC + "/v1", "ClusterRole", name, false, JsonPatch.add("/rules", rules));
        object(id + "-binding", RBAC + "/v1", "ClusterRoleBinding", binding, false,
                JsonPatch.add("/subjects", List.of(ordered("kind", "ServiceAccount", "name", serviceAccount, "namespace", NAMESPACE))),
                JsonPatch.add("/roleRef", ordered("kind", "ClusterRole", "name", name, "apiGroup", RBAC)));
    }

    /** Upstream's rules (v1.49.0), less the VolumeAttributesClass and snapshotter rules of what is not deployed. */
    private void addRbac() {
        clusterRole("provisioner-role", "ebs-external-provisioner-role", "ebs-csi-provisioner-binding", CONTROLLER_SERVICE_ACCOUNT, List.of(
                rule("", List.of("persistentvolumes"), List.of("get", "list", "watch", "create", "patch", "delete")),
                rule("", List.of("persistentvolumeclaims"), List.of("get", "list", "watch", "update")),
                rule("storage.k8s.io", List.of("storageclasses"), READ),
                rule("", List.of("events"), EVENTS),
                rule("snapshot.storage.k8s.io", List.of("volumesnapshots", "volumesnapshotcontents"), List.of("get", "list")),
                rule("storage.k8s.io", List.of("csinodes", "volumeattachments"), READ),
                rule("", List.of("nodes"), READ)));
        clusterRole("attacher-role", "ebs-external-attacher-role", "ebs-csi-attacher-binding", CONTROLLER_SERVICE_ACCOUNT, List.of(
                rule("", List.of("persistentvolumes"), List.of("get", "list", "watch", "patch")),
                rule("storage.k8s.io", List.of("csinodes"), READ),
                rule("storage.k8s.io", List.of("volumeattachments"), List.of("get", "list", "watch", "patch")),
                rule("storage.k8s.io", List.of("volumeattachments/status"), List.of("patch"))));
        clusterRole("resizer-role", "ebs-external-resizer-role", "ebs-csi-resizer-binding", CONTROLLER_SERVICE_ACCOUNT, List.of(
                rule("", List.of("persistentvolumes"), List.of("get", "list", "watch", "patch")),
                rule("", List.of("persistentvolumeclaims", "pods"), READ),
                rule("", List.of("persistentvolumeclaims/status"), List.of("patch")),
                rule("", List.of("events"), EVENTS)));
        // The node plugin reads its own Node (the Kubernetes metadata source) and removes its startup taint.
        clusterRole("node-role", "ebs-csi-node-role", "ebs-csi-node-getter-binding", NODE_SERVICE_ACCOUNT, List.of(
                rule("", List.of("nodes"), List.of("get", "patch", "list", "watch")),
                rule("storage.k8s.io", List.of("volumeattachments"), READ),
                rule("storage.k8s.io", List.of("csinodes"), List.of("get"))));
        object("leases-role", RBAC + "/v1", "Role", "ebs-csi-leases-role", true, JsonPatch.add("/rules", List.of(
                rule("coordination.k8s.io", List.of("leases"), List.of("get", "watch", "list", "delete", "update", "create")))));
        object("leases-role-binding", RBAC + "/v1", "RoleBinding", "ebs-csi-leases-rolebinding", true,
                JsonPatch.add("/subjects", List.of(ordered("kind", "ServiceAccount", "name", CONTROLLER_SERVICE_ACCOUNT,
                        "namespace", NAMESPACE))),
                JsonPatch.add("/roleRef", ordered("kind", "Role", "name", "ebs-csi-leases-role", "apiGroup", RBAC)));
    }

    private void addController(EbsCsiDriverPods pods, int replicas) {
        Map<String, Object> labels = ordered("app", CONTROLLER, "app.kubernetes.io/name", "aws-ebs-csi-driver");
        object("controller", "apps/v1", "Deployment", CONTROLLER, true, JsonPatch.add("/spec", ordered(
                "replicas", replicas,
                "selector", ordered("matchLabels", labels),
                "strategy", ordered("type", "RollingUpdate", "rollingUpdate", ordered("maxUnavailable", 1)),
                "template", ordered("metadata", ordered("labels", labels), "spec", pods.controllerPodSpec(labels)))));
        object("controller-pdb", "policy/v1", "PodDisruptionBudget", CONTROLLER, true, JsonPatch.add("/spec", ordered(
                "maxUnavailable", 1, "selector", ordered("matchLabels", labels))));
    }

    private void addNode(EbsCsiDriverPods pods) {
        Map<String, Object> labels = ordered("app", NODE, "app.kubernetes.io/name", "aws-ebs-csi-driver");
        object("node", "apps/v1", "DaemonSet", NODE, true, JsonPatch.add("/spec", ordered(
                "revisionHistoryLimit", 10,
                "selector", ordered("matchLabels", labels),
                "updateStrategy", ordered("type", "RollingUpdate", "rollingUpdate", ordered("maxUnavailable", "10%")),
                "template", ordered("metadata", ordered("labels", labels), "spec", pods.nodePodSpec()))));
    }

    /**
     * The default StorageClass: gp3, encrypted with the account's EBS key ({@code aws/ebs}, so the
     * role needs no KMS permission), bound when the first pod is scheduled so the volume is created
     * in that pod's zone, expandable, deleted with its claim.
     */
    private void addStorageClass() {
        ApiObject storageClass = new ApiObject(this, "storage-class", ApiObjectProps.builder()
                .apiVersion("storage.k8s.io/v1").kind("StorageClass")
                .metadata(ApiObjectMetadata.builder().name(STORAGE_CLASS).labels(NAME_LABEL)
                        .annotations(Map.of("storageclass.kubernetes.io/is-default-class", "true")).build())
                .build());
        storageClass.addJsonPatch(
                JsonPatch.add("/provisioner", DRIVER_NAME),
                JsonPatch.add("/parameters", ordered("type", "gp3", "encrypted", "true", "csi.storage.k8s.io/fstype", "ext4")),
                JsonPatch.add("/reclaimPolicy", "Delete"),
                JsonPatch.add("/volumeBindingMode", "WaitForFirstConsumer"),
                JsonPatch.add("/allowVolumeExpansion", true));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        return RuntimeManifests.ordered(keysAndValues);
    }
}
