package io.spotkube.constructs.manifests;

import io.spotkube.contract.AcceleratorLabel;
import java.util.List;
import java.util.Map;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.JsonPatch;
import software.constructs.Construct;

/**
 * NVIDIA's device plugin as its static manifest ships it ({@code nvidia-device-plugin.yml} of
 * k8s-device-plugin v0.17.1: DaemonSet, {@code nvidia.com/gpu} toleration, system-node-critical,
 * the kubelet's device-plugins directory), pinned, and kept to GPU nodes by the
 * {@code k8s.amazonaws.com/accelerator} label the GPU groups carry. It advertises
 * {@code nvidia.com/gpu} once the node's NVIDIA driver and container toolkit are there; those come
 * with the group's machine image (a GPU AMI given as {@code machineImage}), not from this add-on.
 */
public final class NvidiaDevicePluginManifests extends Chart {

    /** Pinned release of github.com/NVIDIA/k8s-device-plugin. */
    public static final String IMAGE = "nvcr.io/nvidia/k8s-device-plugin:v0.17.1";
    public static final String NAME = "nvidia-device-plugin-daemonset";

    public NvidiaDevicePluginManifests(Construct scope, String id) {
        super(scope, id);
        Map<String, Object> labels = RuntimeManifests.ordered("name", "nvidia-device-plugin-ds");
        Map<String, Object> container = RuntimeManifests.ordered(
                "name", "nvidia-device-plugin-ctr",
                "image", IMAGE,
                // Upstream's default for the static manifest: a node without a driver yet is not a crash loop.
                "env", List.of(RuntimeManifests.ordered("name", "FAIL_ON_INIT_ERROR", "value", "false")),
                "resources", RuntimeManifests.ordered(
                        "requests", RuntimeManifests.ordered("cpu", "10m", "memory", "32Mi"),
                        "limits", RuntimeManifests.ordered("memory", "128Mi")),
                "securityContext", RuntimeManifests.ordered(
                        "allowPrivilegeEscalation", false,
                        "capabilities", RuntimeManifests.ordered("drop", List.of("ALL"))),
                "volumeMounts", List.of(RuntimeManifests.ordered("name", "device-plugin",
                        "mountPath", "/var/lib/kubelet/device-plugins")));
        Map<String, Object> podSpec = RuntimeManifests.ordered(
                "affinity", RuntimeManifests.ordered("nodeAffinity", RuntimeManifests.ordered(
                        "requiredDuringSchedulingIgnoredDuringExecution", RuntimeManifests.ordered(
                                "nodeSelectorTerms", List.of(RuntimeManifests.ordered("matchExpressions", List.of(
                                        RuntimeManifests.ordered("key", AcceleratorLabel.KEY, "operator", "Exists"))))))),
                "tolerations", List.of(RuntimeManifests.ordered("key", "nvidia.com/gpu", "operator", "Exists",
                        "effect", "NoSchedule")),
                "priorityClassName", "system-node-critical",
                "automountServiceAccountToken", false,
                "containers", List.of(container),
                "volumes", List.of(RuntimeManifests.ordered("name", "device-plugin",
                        "hostPath", RuntimeManifests.ordered("path", "/var/lib/kubelet/device-plugins"))));
        new ApiObject(this, "daemon-set", ApiObjectProps.builder()
                .apiVersion("apps/v1").kind("DaemonSet")
                .metadata(ApiObjectMetadata.builder().name(NAME).namespace("kube-system").build())
                .build())
                .addJsonPatch(JsonPatch.add("/spec", RuntimeManifests.ordered(
                        "selector", RuntimeManifests.ordered("matchLabels", labels),
                        "updateStrategy", RuntimeManifests.ordered("type", "RollingUpdate"),
                        "template", RuntimeManifests.ordered("metadata", RuntimeManifests.ordered("labels", labels),
                                "spec", podSpec))));
    }

    public static String renderYaml() {
        App app = new App();
        new NvidiaDevicePluginManifests(app, "nvidia-device-plugin");
        return app.synthYaml();
    }
}
