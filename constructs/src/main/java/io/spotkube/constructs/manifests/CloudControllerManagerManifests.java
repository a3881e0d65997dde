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
import org.cdk8s.plus25.ApiResource;
import org.cdk8s.plus25.ApiResourceOptions;
import org.cdk8s.plus25.ClusterRole;
import org.cdk8s.plus25.ClusterRoleBinding;
import org.cdk8s.plus25.ClusterRoleBindingProps;
import org.cdk8s.plus25.ClusterRoleProps;
import org.cdk8s.plus25.ConfigMap;
import org.cdk8s.plus25.ConfigMapProps;
import org.cdk8s.plus25.ServiceAccount;
import org.cdk8s.plus25.ServiceAccountProps;
import software.constructs.Construct;

/**
 * aws-cloud-controller-manager as upstream ships it (cloud-provider-aws v1.33.4,
 * {@code examples/existing-cluster/base} and the Helm chart's values): ServiceAccount
 * {@code cloud-controller-manager}, ClusterRole/ClusterRoleBinding
 * {@code system:cloud-controller-manager}, the RoleBinding to
 * {@code extension-apiserver-authentication-reader}, and the DaemonSet on control-plane nodes
 * (host network, tolerating the taints a node carries before it is initialised). Added here: a
 * cloud config naming the cluster ID explicitly, a pinned image, non-root, read-only root
 * filesystem, requests/limits and {@code system-node-critical}.
 *
 * <p>cdk8s-plus-25 for the ServiceAccount, ClusterRole and ClusterRoleBinding and ConfigMap;
 * plain {@link ApiObject}s for the RoleBinding to a Role that exists already and for the
 * DaemonSet (plus-25 has no priorityClassName nor a plain nodeSelector).
 */
public final class CloudControllerManagerManifests extends Chart {

    /** Pinned to the provider release matching the default Kubernetes minor (1.33). */
    public static final String DEFAULT_IMAGE = "registry.k8s.io/provider-aws/cloud-controller-manager:v1.33.4";
    /** The DaemonSet's name and its {@code k8s-app} label, as upstream. */
    public static final String NAME = "aws-cloud-controller-manager";
    /** Upstream's ServiceAccount. */
    public static final String SERVICE_ACCOUNT = "cloud-controller-manager";
    /** Upstream's ClusterRole and ClusterRoleBinding. */
    public static final String CLUSTER_ROLE = "system:cloud-controller-manager";
    /** The ConfigMap holding the provider's cloud config (gcfg). */
    public static final String CLOUD_CONFIG_MAP = "aws-cloud-config";
    /** Runs as the distroless "nonroot" user: the binary writes no file (serving certificates stay in memory). */
    public static final int RUN_AS_USER = 65532;

    static final String NAMESPACE = "kube-system";
    private static final String CLOUD_CONFIG_DIR = "/etc/kubernetes/cloud-config";
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private final String clusterName;

    public CloudControllerManagerManifests(Construct scope, String id, String clusterName, String image) {
        super(scope, id);
        if (clusterName == null || !CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("clusterName (" + clusterName
                    + ") must be a DNS name: it becomes the tag kubernetes.io/cluster/<clusterName>");
        }
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("image must name the cloud controller manager image, e.g. " + DEFAULT_IMAGE);
        }
        this.clusterName = clusterName;
        ServiceAccount serviceAccount = new ServiceAccount(this, "service-account", ServiceAccountProps.builder()
                .metadata(ApiObjectMetadata.builder().name(SERVICE_ACCOUNT).namespace(NAMESPACE).build())
                .automountToken(true)
                .build());
        addRbac(serviceAccount);
        new ConfigMap(this, "cloud-config", ConfigMapProps.builder()
                .metadata(ApiObjectMetadata.builder().name(CLOUD_CONFIG_MAP).namespace(NAMESPACE).build())
                .data(Map.of("cloud.conf", cloudConfig()))
                .build());
        addDaemonSet(image);
    }

    /** Renders the manifests with the pinned image in a fresh cdk8s app: deterministic multi-document YAML. */
    public static String renderYaml(String clusterName) {
        App app = new App();
        new CloudControllerManagerManifests(app, NAME, clusterName, DEFAULT_IMAGE);
        return app.synthYaml();
    }

    /**
     * The provider's cloud config. Without {@code KubernetesClusterID} it would read the
     * {@code kubernetes.io/cluster/<name>} tag of the instance it runs on (ec2:DescribeInstances
     * of its own instance); naming it makes the filter independent of how the instance was tagged.
     */
    String cloudConfig() {
        return "[Global]\nKubernetesClusterID = " + clusterName + "\n";
    }

    /** Upstream's arguments (use-service-account-credentials as the kustomize base), plus the cluster and controllers named. */
    List<String> args() {
        return List.of(
                "--v=2",
                "--cloud-provider=aws",
                "--cloud-config=" + CLOUD_CONFIG_DIR + "/cloud.conf",
                "--cluster-name=" + clusterName,
                // Each controller acts with its own ServiceAccount token (kube-system/node-controller, ...).
                "--use-service-account-credentials=true",
                // Calico VXLAN routes pod traffic itself: no VPC route per node.
                "--configure-cloud-routes=false",
                // The route controller would do nothing without cloud routes; the service controller
                // (type LoadBalancer: CLB/NLB) stays on as upstream.
                "--controllers=cloud-node-controller,cloud-node-lifecycle-controller,service-lb-controller");
    }

    private void addRbac(ServiceAccount serviceAccount) {
        ClusterRole role = new ClusterRole(this, "cluster-role",
                ClusterRoleProps.builder().metadata(ApiObjectMetadata.builder().name(CLUSTER_ROLE).build()).build());
        role.allow(List.of("create", "patch", "update"), ApiResource.EVENTS);
        role.allow(List.of("*"), ApiResource.NODES);
        role.allow(List.of("patch"), resource("", "nodes/status"));
        role.allow(List.of("list", "patch", "update", "watch"), ApiResource.SERVICES);
        role.allow(List.of("list", "patch", "update", "watch"), resource("", "services/status"));
        role.allow(List.of("create", "get", "list", "watch"), ApiResource.SERVICE_ACCOUNTS);
        role.allow(List.of("get", "list", "update", "watch"), ApiResource.PERSISTENT_VOLUMES);
        role.allow(List.of("create", "get", "list", "watch", "update"), ApiResource.ENDPOINTS);
        role.allow(List.of("create", "get", "list", "watch", "update"), ApiResource.LEASES);
        role.allow(List.of("create"), resource("", "serviceaccounts/token"));
        // From the Helm chart: delegated authentication and authorisation of the secure port (10258).
        role.allow(List.of("create"), resource("authentication.k8s.io", "tokenreviews"));
        role.allow(List.of("create"), resource("authorization.k8s.io", "subjectaccessreviews"));
        new ClusterRoleBinding(this, "cluster-role-binding", ClusterRoleBindingProps.builder()
                .metadata(ApiObjectMetadata.builder().name(CLUSTER_ROLE).build()).role(role).build())
                .addSubjects(serviceAccount);

        // The Role exists in every cluster (kube-apiserver's bootstrap policy): bound by name.
        new ApiObject(this, "authentication-reader", ApiObjectProps.builder()
                .apiVersion("rbac.authorization.k8s.io/v1").kind("RoleBinding")
                .metadata(ApiObjectMetadata.builder()
                        .name("cloud-controller-manager:apiserver-authentication-reader").namespace(NAMESPACE).build())
                .build())
                .addJsonPatch(
                        JsonPatch.add("/roleRef", ordered("apiGroup", "rbac.authorization.k8s.io", "kind", "Role",
                                "name", "extension-apiserver-authentication-reader")),
                        JsonPatch.add("/subjects", List.of(ordered("apiGroup", "", "kind", "ServiceAccount",
                                "name", SERVICE_ACCOUNT, "namespace", NAMESPACE))));
    }

    private static ApiResource resource(String group, String type) {
        return ApiResource.custom(ApiResourceOptions.builder().apiGroup(group).resourceType(type).build());
    }

    private void addDaemonSet(String image) {
        Map<String, Object> labels = ordered("k8s-app", NAME);
        Map<String, Object> container = ordered(
                "name", NAME,
                "image", image,
                "imagePullPolicy", "IfNotPresent",
                "args", args(),
                "resources", ordered(
                        "requests", ordered("cpu", "200m", "memory", "128Mi"),
                        // No CPU limit: throttling would delay lease renewals of a control-plane controller.
                        "limits", ordered("memory", "512Mi")),
                "securityContext", ordered(
                        "allowPrivilegeEscalation", false,
                        "readOnlyRootFilesystem", true,
                        "runAsNonRoot", true,
                        "capabilities", ordered("drop", List.of("ALL"))),
                "volumeMounts", List.of(ordered("name", "cloud-config", "mountPath", CLOUD_CONFIG_DIR, "readOnly", true)));
        Map<String, Object> podSpec = ordered(
                "nodeSelector", ordered("node-role.kubernetes.io/control-plane", ""),
                "tolerations", List.of(
                        // Set by a kubelet with --cloud-provider=external until this controller initialises it.
                        ordered("key", "node.cloudprovider.kubernetes.io/uninitialized", "value", "true", "effect", "NoSchedule"),
                        ordered("key", "node-role.kubernetes.io/control-plane", "effect", "NoSchedule"),
                        // Host network: it needs no CNI, so it may start before the node is Ready.
                        ordered("key", "node.kubernetes.io/not-ready", "operator", "Exists", "effect", "NoSchedule")),
                "serviceAccountName", SERVICE_ACCOUNT,
                "automountServiceAccountToken", true,
                "priorityClassName", "system-node-critical",
                // IMDSv2 with a hop limit of 1 answers host-network pods only.
                "hostNetwork", true,
                // CoreDNS waits for initialised nodes; the host's resolver does not.
                "dnsPolicy", "Default",
                "securityContext", ordered(
                        "runAsNonRoot", true,
                        "runAsUser", RUN_AS_USER,
                        "runAsGroup", RUN_AS_USER,
                        "seccompProfile", ordered("type", "RuntimeDefault")),
                "containers", List.of(container),
                "volumes", List.of(ordered("name", "cloud-config", "configMap", ordered("name", CLOUD_CONFIG_MAP))));
        new ApiObject(this, "daemon-set", ApiObjectProps.builder()
                .apiVersion("apps/v1").kind("DaemonSet")
                .metadata(ApiObjectMetadata.builder().name(NAME).namespace(NAMESPACE).labels(Map.of("k8s-app", NAME)).build())
                .build())
                .addJsonPatch(JsonPatch.add("/spec", ordered(
                        "selector", ordered("matchLabels", labels),
                        "updateStrategy", ordered("type", "RollingUpdate"),
                        "template", ordered("metadata", ordered("labels", labels), "spec", podSpec))));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        return RuntimeManifests.ordered(keysAndValues);
    }
}
