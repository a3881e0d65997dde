package io.spotkube.constructs.manifests;

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
 * Overprovisioning as cluster-autoscaler's FAQ describes it ("How can I configure overprovisioning
 * with Cluster Autoscaler?"): a PriorityClass of negative value and a Deployment of pause pods
 * holding its CPU and memory. Any pod of higher priority preempts them; they go Pending and the
 * autoscaler adds a node for them, so the headroom comes back before the next real pod needs it.
 * With zones, one Deployment per zone pins its pods there ({@code topology.kubernetes.io/zone}).
 */
public final class HeadroomManifests extends Chart {

    /** Pinned: the pause image kubeadm 1.33 uses for its sandboxes. */
    public static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10";
    static final String NAMESPACE = "kube-system";
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    /**
     * @param name     the PriorityClass's and the Deployments' name (a zone's Deployment adds {@code -<zone>})
     * @param zones    empty: one Deployment anywhere; else one per zone, {@code replicas} each
     */
    public HeadroomManifests(Construct scope, String id, String name, int priority, String cpu, String memory,
                             int replicas, List<String> zones) {
        super(scope, id);
        new ApiObject(this, "priority-class", ApiObjectProps.builder()
                .apiVersion("scheduling.k8s.io/v1").kind("PriorityClass")
                .metadata(ApiObjectMetadata.builder().name(name).build())
                .build())
                .addJsonPatch(
                        JsonPatch.add("/value", priority),
                        JsonPatch.add("/globalDefault", false),
                        JsonPatch.add("/preemptionPolicy", "Never"),
                        JsonPatch.add("/description", "spotkube headroom: pause pods any workload preempts"));
        if (zones.isEmpty()) {
            deployment(name, name, priority, cpu, memory, replicas, null);
        } else {
            for (String zone : zones) {
                deployment(name + "-" + zone, name, priority, cpu, memory, replicas, zone);
            }
        }
    }

    public static String renderYaml(String name, int priority, String cpu, String memory, int replicas,
                                    List<String> zones) {
        App app = new App();
        new HeadroomManifests(app, name, name, priority, cpu, memory, replicas, zones);
        return app.synthYaml();
    }

    private void deployment(String name, String priorityClass, int priority, String cpu, String memory, int replicas,
                            String zone) {
        Map<String, Object> labels = RuntimeManifests.ordered("app.kubernetes.io/name", name,
                "app.kubernetes.io/component", "headroom");
        Map<String, Object> container = RuntimeManifests.ordered(
                "name", "pause",
                "image", PAUSE_IMAGE,
                "imagePullPolicy", "IfNotPresent",
                "resources", RuntimeManifests.ordered(
                        "requests", RuntimeManifests.ordered("cpu", cpu, "memory", memory),
                        "limits", RuntimeManifests.ordered("memory", memory)),
                "securityContext", RuntimeManifests.ordered(
                        "allowPrivilegeEscalation", false,
                        "readOnlyRootFilesystem", true,
                        "runAsNonRoot", true,
                        "runAsUser", 65535,
                        "capabilities", RuntimeManifests.ordered("drop", List.of("ALL"))));
        Map<String, Object> podSpec = RuntimeManifests.ordered(
                "priorityClassName", priorityClass,
                // Preempted pause pods stop at once: the real pod waits for their room.
                "terminationGracePeriodSeconds", 0,
                "automountServiceAccountToken", false,
                "securityContext", RuntimeManifests.ordered("seccompProfile", RuntimeManifests.ordered("type", "RuntimeDefault")),
                "containers", List.of(container));
        if (zone != null) {
            podSpec.put("nodeSelector", RuntimeManifests.ordered(ZONE_LABEL, zone));
        }
        new ApiObject(this, "deployment-" + name, ApiObjectProps.builder()
                .apiVersion("apps/v1").kind("Deployment")
                .metadata(ApiObjectMetadata.builder().name(name).namespace(NAMESPACE).build())
                .build())
                .addJsonPatch(JsonPatch.add("/spec", RuntimeManifests.ordered(
                        "replicas", replicas,
                        "selector", RuntimeManifests.ordered("matchLabels", labels),
                        "template", RuntimeManifests.ordered("metadata", RuntimeManifests.ordered("labels", labels),
                                "spec", podSpec))));
    }
}
