package io.spotkube.constructs.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod templates of the Amazon EBS CSI driver: upstream's {@code deploy/kubernetes/base}
 * {@code controller.yaml} and {@code node.yaml} (v1.49.0), with what this cluster needs on top: the
 * controller on the control plane in the host network (the only place IMDS answers, hop limit 1),
 * its health server on loopback, and the node plugin told to skip IMDS and read its instance from
 * the Kubernetes API (upstream's metadata fallback). Every change from upstream says why.
 */
final class EbsCsiDriverPods {

    static final String SOCKET_DIR = "/var/lib/csi/sockets/pluginproxy/";
    /** The controller's pods run as upstream's UID/GID 1000 (the driver image's non-root user). */
    static final int CONTROLLER_USER = 1000;
    /** The livenessprobe sidecar's port; on the host network, so it listens on loopback only. */
    static final int HEALTH_PORT = 9808;

    private final String clusterName;

    EbsCsiDriverPods(String clusterName) {
        this.clusterName = clusterName;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        return RuntimeManifests.ordered(keysAndValues);
    }

    private static Map<String, Object> resources() {
        return ordered("requests", ordered("cpu", "10m", "memory", "40Mi"), "limits", ordered("memory", "256Mi"));
    }

    /** Upstream's sidecar hardening, plus all capabilities dropped (the controller runs as a non-root user). */
    private static Map<String, Object> controllerContainerSecurity() {
        return ordered("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
                "capabilities", ordered("drop", List.of("ALL")));
    }

    private static Map<String, Object> env(String name, String value) {
        return ordered("name", name, "value", value);
    }

    private static Map<String, Object> nodeNameEnv() {
        return ordered("name", "CSI_NODE_NAME", "valueFrom", ordered("fieldRef", ordered("fieldPath", "spec.nodeName")));
    }

    private static Map<String, Object> sidecar(String name, String image, List<String> args) {
        return ordered(
                "name", name,
                "image", image,
                "imagePullPolicy", "IfNotPresent",
                "args", args,
                "env", List.of(env("ADDRESS", SOCKET_DIR + "csi.sock")),
                "resources", resources(),
                "securityContext", controllerContainerSecurity(),
                "terminationMessagePolicy", "FallbackToLogsOnError",
                "volumeMounts", List.of(ordered("name", "socket-dir", "mountPath", SOCKET_DIR)));
    }

    /** Upstream's controller arguments plus the cluster's volume tags (kOps sets the same flag). */
    List<String> controllerArgs() {
        return List.of(
                "controller",
                "--endpoint=$(CSI_ENDPOINT)",
                // Tags every volume and snapshot kubernetes.io/cluster/<cluster>=owned (and
                // KubernetesCluster=<cluster>): the control-plane role's IAM is scoped by that tag.
                "--k8s-tag-cluster-id=" + clusterName,
                "--batching=true",
                "--logging-format=text",
                "--user-agent-extra=spotkube",
                "--v=2");
    }

    /**
     * The controller's pod: upstream's containers (the snapshotter left out, as the Helm chart and
     * kOps leave it out without the VolumeSnapshot CRDs), on the control plane in the host network.
     */
    Map<String, Object> controllerPodSpec(Map<String, Object> labels) {
        String httpHealth = "127.0.0.1:" + HEALTH_PORT;
        Map<String, Object> probe = ordered(
                "httpGet", ordered("host", "127.0.0.1", "path", "/healthz", "port", "healthz"),
                "initialDelaySeconds", 10, "periodSeconds", 10, "timeoutSeconds", 3, "failureThreshold", 5);
        Map<String, Object> plugin = ordered(
                "name", "ebs-plugin",
                "image", EbsCsiDriverManifests.DRIVER_IMAGE,
                "imagePullPolicy", "IfNotPresent",
                "args", controllerArgs(),
                // Upstream also reads optional keys from a Secret "aws-secret": left out, so nothing in
                // kube-system can swap the role's credentials for others.
                "env", List.of(env("CSI_ENDPOINT", "unix://" + SOCKET_DIR + "csi.sock"), nodeNameEnv()),
                "ports", List.of(ordered("name", "healthz", "containerPort", HEALTH_PORT, "protocol", "TCP")),
                "livenessProbe", probe,
                "readinessProbe", probe,
                "resources", resources(),
                "securityContext", controllerContainerSecurity(),
                "terminationMessagePolicy", "FallbackToLogsOnError",
                "volumeMounts", List.of(ordered("name", "socket-dir", "mountPath", SOCKET_DIR)));
        List<Object> containers = new ArrayList<>();
        containers.add(plugin);
        containers.add(sidecar("csi-provisioner", EbsCsiDriverManifests.PROVISIONER_IMAGE, List.of(
                "--timeout=60s", "--csi-address=$(ADDRESS)", "--v=2", "--feature-gates=Topology=true",
                "--extra-create-metadata", "--leader-election=true", "--default-fstype=ext4", "--kube-api-qps=20",
                "--kube-api-burst=100", "--worker-threads=100", "--retry-interval-max=30m")));
        containers.add(sidecar("csi-attacher", EbsCsiDriverManifests.ATTACHER_IMAGE, List.of(
                "--timeout=6m", "--csi-address=$(ADDRESS)", "--v=2", "--leader-election=true", "--kube-api-qps=20",
                "--kube-api-burst=100", "--worker-threads=100", "--retry-interval-max=5m")));
        containers.add(sidecar("csi-resizer", EbsCsiDriverManifests.RESIZER_IMAGE, List.of(
                "--timeout=60s", "--csi-address=$(ADDRESS)", "--v=2", "--handle-volume-inuse-error=false",
                "--leader-election=true", "--kube-api-qps=20", "--kube-api-burst=100", "--workers=100",
                "--retry-interval-max=30m")));
        Map<String, Object> liveness = sidecar("liveness-probe", EbsCsiDriverManifests.LIVENESS_PROBE_IMAGE, List.of(
                "--csi-address=/csi/csi.sock",
                // Host network: the health server would otherwise listen on every interface of the control plane.
                "--http-endpoint=" + httpHealth));
        liveness.remove("env");
        liveness.put("volumeMounts", List.of(ordered("name", "socket-dir", "mountPath", "/csi")));
        containers.add(liveness);
        return ordered(
                "nodeSelector", ordered("kubernetes.io/os", "linux", "node-role.kubernetes.io/control-plane", ""),
                "serviceAccountName", EbsCsiDriverManifests.CONTROLLER_SERVICE_ACCOUNT,
                "automountServiceAccountToken", true,
                "priorityClassName", "system-cluster-critical",
                "tolerations", List.of(
                        ordered("key", "CriticalAddonsOnly", "operator", "Exists"),
                        ordered("operator", "Exists", "effect", "NoExecute", "tolerationSeconds", 300),
                        ordered("key", "node-role.kubernetes.io/control-plane", "operator", "Exists", "effect", "NoSchedule")),
                // IMDSv2 with a hop limit of 1 answers host-network pods only: the controller acts with
                // the control-plane role, as the runtime and the cloud controller manager do.
                "hostNetwork", true,
                // The EC2 endpoint by the host's resolver, as the runtime (no CoreDNS dependency).
                "dnsPolicy", "Default",
                // One replica per control-plane instance (its health port is the host's), spread over zones.
                "topologySpreadConstraints", List.of(
                        ordered("maxSkew", 1, "topologyKey", "kubernetes.io/hostname", "whenUnsatisfiable", "DoNotSchedule",
                                "labelSelector", ordered("matchLabels", labels)),
                        ordered("maxSkew", 1, "topologyKey", "topology.kubernetes.io/zone", "whenUnsatisfiable", "ScheduleAnyway",
                                "labelSelector", ordered("matchLabels", labels))),
                "securityContext", ordered(
                        "runAsNonRoot", true,
                        "runAsUser", CONTROLLER_USER,
                        "runAsGroup", CONTROLLER_USER,
                        "fsGroup", CONTROLLER_USER,
                        "seccompProfile", ordered("type", "RuntimeDefault")),
                "containers", containers,
                "volumes", List.of(ordered("name", "socket-dir", "emptyDir", ordered())));
    }

    /**
     * The node plugin's pod, as upstream's {@code node.yaml}: root and a privileged plugin container
     * (it formats and mounts block devices and binds the kubelet's sockets), in the pod network.
     */
    Map<String, Object> nodePodSpec() {
        Map<String, Object> plugin = ordered(
                "name", "ebs-plugin",
                "image", EbsCsiDriverManifests.DRIVER_IMAGE,
                "imagePullPolicy", "IfNotPresent",
                "args", List.of("node", "--endpoint=$(CSI_ENDPOINT)",
                        "--csi-mount-point-prefix=/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/",
                        "--logging-format=text", "--v=2"),
                "env", List.of(
                        env("CSI_ENDPOINT", "unix:/csi/csi.sock"),
                        nodeNameEnv(),
                        // IMDS does not answer the pod network (hop limit 1): skip it instead of timing out,
                        // and take the instance id, type, region and zone from this Node (its providerID and
                        // the labels aws-cloud-controller-manager sets), upstream's Kubernetes metadata source.
                        env("AWS_EC2_METADATA_DISABLED", "true")),
                "ports", List.of(ordered("name", "healthz", "containerPort", HEALTH_PORT, "protocol", "TCP")),
                "livenessProbe", ordered(
                        "httpGet", ordered("path", "/healthz", "port", "healthz"),
                        "initialDelaySeconds", 10, "periodSeconds", 10, "timeoutSeconds", 3, "failureThreshold", 5),
                "resources", resources(),
                "securityContext", ordered("privileged", true, "readOnlyRootFilesystem", true),
                "lifecycle", ordered("preStop", ordered("exec", ordered("command",
                        List.of("/bin/aws-ebs-csi-driver", "pre-stop-hook")))),
                "terminationMessagePolicy", "FallbackToLogsOnError",
                "volumeMounts", List.of(
                        ordered("name", "kubelet-dir", "mountPath", "/var/lib/kubelet", "mountPropagation", "Bidirectional"),
                        ordered("name", "plugin-dir", "mountPath", "/csi"),
                        ordered("name", "device-dir", "mountPath", "/dev")));
        Map<String, Object> sidecarSecurity = ordered("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true);
        Map<String, Object> registrar = ordered(
                "name", "node-driver-registrar",
                "image", EbsCsiDriverManifests.NODE_DRIVER_REGISTRAR_IMAGE,
                "imagePullPolicy", "IfNotPresent",
                "args", List.of("--csi-address=$(ADDRESS)", "--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)", "--v=2"),
                "env", List.of(env("ADDRESS", "/csi/csi.sock"),
                        env("DRIVER_REG_SOCK_PATH", "/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock")),
                "livenessProbe", ordered(
                        "exec", ordered("command", List.of("/csi-node-driver-registrar",
                                "--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)", "--mode=kubelet-registration-probe")),
                        "initialDelaySeconds", 30, "periodSeconds", 90, "timeoutSeconds", 15),
                "resources", resources(),
                "securityContext", sidecarSecurity,
                "terminationMessagePolicy", "FallbackToLogsOnError",
                "volumeMounts", List.of(
                        ordered("name", "plugin-dir", "mountPath", "/csi"),
                        ordered("name", "registration-dir", "mountPath", "/registration"),
                        ordered("name", "probe-dir", "mountPath", "/var/lib/kubelet/plugins/ebs.csi.aws.com/")));
        Map<String, Object> liveness = ordered(
                "name", "liveness-probe",
                "image", EbsCsiDriverManifests.LIVENESS_PROBE_IMAGE,
                "imagePullPolicy", "IfNotPresent",
                "args", List.of("--csi-address=/csi/csi.sock"),
                "resources", resources(),
                "securityContext", sidecarSecurity,
                "terminationMessagePolicy", "FallbackToLogsOnError",
                "volumeMounts", List.of(ordered("name", "plugin-dir", "mountPath", "/csi")));
        return ordered(
                "affinity", ordered("nodeAffinity", ordered("requiredDuringSchedulingIgnoredDuringExecution", ordered(
                        "nodeSelectorTerms", List.of(ordered("matchExpressions", List.of(
                                ordered("key", "eks.amazonaws.com/compute-type", "operator", "NotIn",
                                        "values", List.of("fargate", "auto", "hybrid")),
                                ordered("key", "node.kubernetes.io/instance-type", "operator", "NotIn",
                                        "values", List.of("a1.medium", "a1.large", "a1.xlarge", "a1.2xlarge", "a1.4xlarge")))))))),
                "nodeSelector", ordered("kubernetes.io/os", "linux"),
                "serviceAccountName", EbsCsiDriverManifests.NODE_SERVICE_ACCOUNT,
                "automountServiceAccountToken", true,
                "terminationGracePeriodSeconds", 30,
                "priorityClassName", "system-node-critical",
                "tolerations", List.of(ordered("operator", "Exists")),
                "hostNetwork", false,
                // Root, as upstream: the plugin binds the kubelet's registration and driver sockets.
                "securityContext", ordered("runAsNonRoot", false, "runAsUser", 0, "runAsGroup", 0, "fsGroup", 0),
                "containers", List.of(plugin, registrar, liveness),
                "volumes", List.of(
                        ordered("name", "kubelet-dir", "hostPath", ordered("path", "/var/lib/kubelet", "type", "Directory")),
                        ordered("name", "plugin-dir", "hostPath", ordered("path", "/var/lib/kubelet/plugins/ebs.csi.aws.com/",
                                "type", "DirectoryOrCreate")),
                        ordered("name", "registration-dir", "hostPath", ordered("path", "/var/lib/kubelet/plugins_registry/",
                                "type", "Directory")),
                        ordered("name", "device-dir", "hostPath", ordered("path", "/dev", "type", "Directory")),
                        ordered("name", "probe-dir", "emptyDir", ordered())));
    }
}
