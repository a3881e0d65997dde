package io.spotkube.constructs.manifests;

import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.contract.GoDurations;
import io.spotkube.contract.RuntimeFlags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.cdk8s.plus25.ContainerProps;
import org.cdk8s.plus25.ContainerResources;
import org.cdk8s.plus25.ContainerSecurityContextProps;
import org.cdk8s.plus25.Cpu;
import org.cdk8s.plus25.CpuResources;
import org.cdk8s.plus25.Deployment;
import org.cdk8s.plus25.DeploymentProps;
import org.cdk8s.plus25.EmptyDirVolumeOptions;
import org.cdk8s.plus25.EnvFieldPaths;
import org.cdk8s.plus25.EnvValue;
import org.cdk8s.plus25.HttpGetProbeOptions;
import org.cdk8s.plus25.ImagePullPolicy;
import org.cdk8s.plus25.LabelSelector;
import org.cdk8s.plus25.LabelSelectorOptions;
import org.cdk8s.plus25.MemoryResources;
import org.cdk8s.plus25.Namespace;
import org.cdk8s.plus25.NamespaceProps;
import org.cdk8s.plus25.PodSecurityContextProps;
import org.cdk8s.plus25.Probe;
import org.cdk8s.plus25.Role;
import org.cdk8s.plus25.RoleBinding;
import org.cdk8s.plus25.RoleBindingProps;
import org.cdk8s.plus25.RoleProps;
import org.cdk8s.plus25.ServiceAccount;
import org.cdk8s.plus25.ServiceAccountProps;
import org.cdk8s.plus25.Volume;
import org.cdk8s.plus25.VolumeMount;
import software.constructs.Construct;

/**
 * The spotkube runtime (autoscaler + interruption drainer) as Kubernetes objects: Namespace,
 * ServiceAccount, ClusterRole/ClusterRoleBinding and a namespaced Role/RoleBinding with only
 * the verbs the runtime uses, the Deployment (leader-elected replicas spread over nodes,
 * {@code system-cluster-critical}, hardened; on on-demand nodes, or on the control plane in the
 * host network, see {@link RuntimeManifestsProps.Builder#onControlPlane}), a PodDisruptionBudget,
 * a NetworkPolicy guarding /metrics in the pod network and, for the priority expander, its ConfigMap.
 *
 * <p>cdk8s-plus-25 where it has the kind; plain {@link ApiObject}s (PodDisruptionBudget) or
 * JSON patches (nodeSelector, capabilities, seccomp) where it does not.
 * {@link #renderYaml(RuntimeManifestsProps)} gives the multi-document YAML to ship as an add-on.
 */
public final class RuntimeManifests extends Chart {

    /** The name of every object (and the leader-election lease). */
    public static final String NAME = "spotkube-runtime";
    /** cluster-autoscaler's name for the priority expander's ConfigMap, kept so users recognise it. */
    public static final String PRIORITY_EXPANDER_CONFIG_MAP = "cluster-autoscaler-priority-expander";
    /** The ConfigMap where the runtime writes its status, as cluster-autoscaler does. */
    public static final String STATUS_CONFIG_MAP = "cluster-autoscaler-status";
    /** The non-root user of the runtime image (distroless "nonroot"). */
    public static final int RUN_AS_USER = 65532;
    /** The pull secret the control plane keeps for private ECR images (bootstrap addons.sh). */
    public static final String REGISTRY_SECRET = "spotkube-registry";

    /** What Kubernetes ships as the highest priority for cluster add-ons short of node-critical ones. */
    public static final String PRIORITY_CLASS = "system-cluster-critical";
    /** The control-plane nodes' label and taint (kubeadm). */
    public static final String CONTROL_PLANE_ROLE = "node-role.kubernetes.io/control-plane";
    /** Loopback: on the host network the runtime's HTTP server would otherwise listen on every node address. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The runtime's environment variable for the bind address of /metrics, /healthz, /readyz (RunFlags). */
    static final String METRICS_ADDRESS_ENV = "METRICS_ADDRESS";
    /** Pods with this label (in any namespace) may scrape /metrics through the NetworkPolicy. */
    public static final String METRICS_SCRAPER_LABEL = "spotkube.io/metrics-scraper";

    /** The node credential server's port: kops-controller's, which nodes of a kOps cluster already reach. */
    public static final int NODE_CREDENTIAL_PORT = 3988;
    /** The signer of kubelet client certificates, the only one the runtime may approve for. */
    static final String KUBELET_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";

    /** The runtime's health endpoints (its observability server, with /metrics on the same port). */
    private static final String LIVENESS_PATH = "/healthz";
    private static final String READINESS_PATH = "/readyz";
    // Ordered maps only: Map.of iterates in a per-JVM random order, and the YAML must not change.
    private static final Map<String, String> LABELS = ordered(
            "app.kubernetes.io/name", NAME, "app.kubernetes.io/part-of", "spotkube");

    private final RuntimeManifestsProps props;

    public RuntimeManifests(Construct scope, String id, RuntimeManifestsProps props) {
        super(scope, id);
        this.props = props;
        new Namespace(this, "namespace", NamespaceProps.builder().metadata(clusterScoped(props.namespace())).build());
        ServiceAccount serviceAccount = new ServiceAccount(this, "service-account", ServiceAccountProps.builder()
                .metadata(namespaced(NAME)).automountToken(true).build());
        addRbac(serviceAccount);
        if (props.nodeCredentialRoleNames() != null) {
            addNodeCredentialRbac();
        }
        addDeployment(serviceAccount);
        addPodDisruptionBudget();
        if (!props.onControlPlane()) {
            addMetricsNetworkPolicy();
        }
        if (props.expanderChain().contains("priority")) {
            new ConfigMap(this, "priority-expander", ConfigMapProps.builder()
                    .metadata(namespaced(PRIORITY_EXPANDER_CONFIG_MAP))
                    .data(Map.of("priorities", PriorityExpanderConfig.render(props.priorities())))
                    .build());
        }
    }

    /** Renders the manifests in a fresh cdk8s app: deterministic multi-document YAML. */
    public static String renderYaml(RuntimeManifestsProps props) {
        App app = new App();
        new RuntimeManifests(app, NAME, props);
        return app.synthYaml();
    }

    /**
     * The runtime's command-line arguments, in a fixed order; every flag is one of {@link RuntimeFlags#ALL},
     * and the node credential server's two when it is on.
     */
    public List<String> runtimeArgs() {
        List<String> args = new ArrayList<>();
        args.add(RuntimeFlags.RUN);
        args.add(RuntimeFlags.arg(RuntimeFlags.CLUSTER_NAME, props.clusterName()));
        args.add(RuntimeFlags.arg(RuntimeFlags.REGION, props.region()));
        args.add(RuntimeFlags.arg(RuntimeFlags.QUEUE_URL, props.queueUrl()));
        args.add(RuntimeFlags.arg(RuntimeFlags.NODE_GROUP_AUTO_DISCOVERY, AutoscalerDiscoveryTags.autoDiscovery(props.clusterName())));
        args.add(RuntimeFlags.arg(RuntimeFlags.EXPANDER, props.expander()));
        args.add(RuntimeFlags.arg(RuntimeFlags.BALANCE_SIMILAR_NODE_GROUPS, props.balanceSimilarNodeGroups()));
        args.add(RuntimeFlags.arg(RuntimeFlags.SCALE_DOWN_ENABLED, props.scaleDownEnabled()));
        args.add(RuntimeFlags.arg(RuntimeFlags.SCALE_DOWN_UNNEEDED_TIME, GoDurations.format(props.scaleDownUnneededTime())));
        args.add(RuntimeFlags.arg(RuntimeFlags.SCALE_DOWN_DELAY_AFTER_ADD, GoDurations.format(props.scaleDownDelayAfterAdd())));
        args.add(RuntimeFlags.arg(RuntimeFlags.SCAN_INTERVAL, GoDurations.format(props.scanInterval())));
        args.add(RuntimeFlags.arg(RuntimeFlags.MAX_NODE_PROVISION_TIME, GoDurations.format(props.maxNodeProvisionTime())));
        args.add(RuntimeFlags.arg(RuntimeFlags.SKIP_NODES_WITH_LOCAL_STORAGE, props.skipNodesWithLocalStorage()));
        args.add(RuntimeFlags.arg(RuntimeFlags.SKIP_NODES_WITH_SYSTEM_PODS, props.skipNodesWithSystemPods()));
        args.add(RuntimeFlags.arg(RuntimeFlags.MANAGED_TAG, props.managedAsgTag()));
        args.add(RuntimeFlags.arg(RuntimeFlags.NAMESPACE, props.namespace()));
        args.add(RuntimeFlags.arg(RuntimeFlags.LEADER_ELECT_RESOURCE_NAME, NAME));
        args.add(RuntimeFlags.arg(RuntimeFlags.STATUS_CONFIG_MAP_NAME, STATUS_CONFIG_MAP));
        args.add(RuntimeFlags.arg(RuntimeFlags.METRICS_PORT, props.healthPort()));
        if (props.nodeCredentialRoleNames() != null) {
            args.add(RuntimeFlags.arg(RuntimeFlags.NODE_CREDENTIAL_ADDRESS, "0.0.0.0:" + NODE_CREDENTIAL_PORT));
            args.add(RuntimeFlags.arg(RuntimeFlags.NODE_CREDENTIAL_ROLE_NAMES, props.nodeCredentialRoleNames()));
        }
        args.addAll(props.extraArgs());
        return args;
    }

    private void addRbac(ServiceAccount serviceAccount) {
        ClusterRole clusterRole = new ClusterRole(this, "cluster-role",
                ClusterRoleProps.builder().metadata(clusterScoped(NAME)).build());
        clusterRole.allow(List.of("get", "list", "watch", "patch", "update"), ApiResource.NODES);
        clusterRole.allow(List.of("get", "list", "watch"), ApiResource.PODS);
        clusterRole.allow(List.of("create"), ApiResource.custom(
                ApiResourceOptions.builder().apiGroup("").resourceType("pods/eviction").build()));
        clusterRole.allow(List.of("list", "watch"), ApiResource.POD_DISRUPTION_BUDGETS);
        // The zones of pods' bound volumes (claim -> volume -> node affinity) for the simulation.
        clusterRole.allow(List.of("list", "watch"), ApiResource.PERSISTENT_VOLUME_CLAIMS);
        clusterRole.allow(List.of("list", "watch"), ApiResource.PERSISTENT_VOLUMES);
        clusterRole.allow(List.of("create", "patch"), ApiResource.EVENTS);
        ClusterRoleBinding clusterBinding = new ClusterRoleBinding(this, "cluster-role-binding",
                ClusterRoleBindingProps.builder().metadata(clusterScoped(NAME)).role(clusterRole).build());
        clusterBinding.addSubjects(serviceAccount);

        Role role = new Role(this, "role", RoleProps.builder().metadata(namespaced(NAME)).build());
        // fabric8's LeaderElector renews and releases its Lease with PATCH (found by the deployed story:
        // without it the leader loses the lease after one renew deadline, and the runtime stops).
        role.allow(List.of("get", "create", "update", "patch"), ApiResource.LEASES);
        role.allow(List.of("get", "list", "watch", "create", "update"), ApiResource.CONFIG_MAPS);
        RoleBinding binding = new RoleBinding(this, "role-binding",
                RoleBindingProps.builder().metadata(namespaced(NAME)).role(role).build());
        binding.addSubjects(serviceAccount);
    }

    /**
     * What the node credential server needs: create, read and watch CertificateSigningRequests, approve
     * them, and approve only for the kubelet-client signer. Its own ClusterRole, bound only when the
     * server is on. (Nodes it reads with the main role's rights.)
     */
    private void addNodeCredentialRbac() {
        String name = NAME + "-node-credentials";
        ApiObject role = new ApiObject(this, "node-credentials-cluster-role", ApiObjectProps.builder()
                .apiVersion("rbac.authorization.k8s.io/v1").kind("ClusterRole").metadata(clusterScoped(name)).build());
        role.addJsonPatch(JsonPatch.add("/rules", List.of(
                ordered("apiGroups", List.of("certificates.k8s.io"),
                        "resources", List.of("certificatesigningrequests"),
                        "verbs", List.of("create", "get", "list", "watch")),
                ordered("apiGroups", List.of("certificates.k8s.io"),
                        "resources", List.of("certificatesigningrequests/approval"),
                        "verbs", List.of("update")),
                ordered("apiGroups", List.of("certificates.k8s.io"),
                        "resources", List.of("signers"),
                        "resourceNames", List.of(KUBELET_CLIENT_SIGNER),
                        "verbs", List.of("approve")))));
        ApiObject binding = new ApiObject(this, "node-credentials-cluster-role-binding", ApiObjectProps.builder()
                .apiVersion("rbac.authorization.k8s.io/v1").kind("ClusterRoleBinding").metadata(clusterScoped(name))
                .build());
        binding.addJsonPatch(
                JsonPatch.add("/roleRef", ordered("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole",
                        "name", name)),
                JsonPatch.add("/subjects", List.of(ordered("kind", "ServiceAccount", "name", NAME,
                        "namespace", props.namespace()))));
    }

    private Probe probe(String path) {
        return Probe.fromHttpGet(path, HttpGetProbeOptions.builder()
                .port(props.healthPort())
                .initialDelaySeconds(org.cdk8s.Duration.seconds(10))
                .periodSeconds(org.cdk8s.Duration.seconds(10))
                .timeoutSeconds(org.cdk8s.Duration.seconds(2))
                .failureThreshold(3)
                .build());
    }

    private void addDeployment(ServiceAccount serviceAccount) {
        Probe liveness = probe(LIVENESS_PATH);
        Probe readiness = probe(READINESS_PATH);
        // The root filesystem is read-only; the JVM and its libraries still want a /tmp.
        Volume tmp = Volume.fromEmptyDir(this, "tmp", "tmp",
                EmptyDirVolumeOptions.builder().sizeLimit(org.cdk8s.Size.mebibytes(64)).build());
        Map<String, EnvValue> env = new LinkedHashMap<>();
        env.put("POD_NAME", EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME));
        env.put("POD_NAMESPACE", EnvValue.fromFieldRef(EnvFieldPaths.POD_NAMESPACE));
        env.put("AWS_REGION", EnvValue.fromValue(props.region()));
        if (props.onControlPlane()) {
            env.put(METRICS_ADDRESS_ENV, EnvValue.fromValue(LOOPBACK));
        }
        Deployment deployment = new Deployment(this, "deployment", DeploymentProps.builder()
                .metadata(namespaced(NAME))
                .replicas(props.replicas())
                // Select by our own labels, not cdk8s's construct-path label: a Deployment's
                // selector is immutable, so it must not depend on where the chart is built.
                .select(false)
                .serviceAccount(serviceAccount)
                .automountServiceAccountToken(true)
                .podMetadata(ApiObjectMetadata.builder()
                        .labels(LABELS)
                        .annotations(Map.of("cluster-autoscaler.kubernetes.io/safe-to-evict", "false"))
                        .build())
                .securityContext(PodSecurityContextProps.builder()
                        .ensureNonRoot(true).user(RUN_AS_USER).group(RUN_AS_USER).fsGroup(RUN_AS_USER).build())
                .containers(List.of(ContainerProps.builder()
                        .name("runtime")
                        .image(props.imageUri())
                        .args(runtimeArgs())
                        .envVariables(env)
                        .volumeMounts(List.of(VolumeMount.builder().path("/tmp").volume(tmp).build()))
                        .portNumber(props.healthPort())
                        .imagePullPolicy(ImagePullPolicy.IF_NOT_PRESENT)
                        .startup(Probe.fromHttpGet(LIVENESS_PATH, HttpGetProbeOptions.builder()
                                .port(props.healthPort())
                                .periodSeconds(org.cdk8s.Duration.seconds(2))
                                .failureThreshold(60)
                                .build()))
                        .liveness(liveness)
                        .readiness(readiness)
                        .resources(ContainerResources.builder()
                                .cpu(CpuResources.builder()
                                        .request(Cpu.millis(props.cpuRequestMillis()))
                                        .limit(Cpu.millis(props.cpuLimitMillis())).build())
                                .memory(MemoryResources.builder()
                                        .request(org.cdk8s.Size.mebibytes(props.memoryMib()))
                                        .limit(org.cdk8s.Size.mebibytes(props.memoryMib())).build())
                                .build())
                        .securityContext(ContainerSecurityContextProps.builder()
                                .ensureNonRoot(true).user(RUN_AS_USER).group(RUN_AS_USER)
                                .readOnlyRootFilesystem(true).allowPrivilegeEscalation(false).privileged(false)
                                .build())
                        .build()))
                .build());
        deployment.select(LabelSelector.of(LabelSelectorOptions.builder().labels(LABELS).build()));
        // What cdk8s-plus-25 cannot express: a plain nodeSelector (its scheduling API writes
        // node affinity), dropped capabilities and the seccomp profile.
        ApiObject.of(deployment).addJsonPatch(
                JsonPatch.remove("/spec/template/metadata/labels/cdk8s.io~1metadata.addr"),
                // Above ordinary workloads: a pending runtime cannot scale up the nodes it waits for.
                JsonPatch.add("/spec/template/spec/priorityClassName", PRIORITY_CLASS),
                // Never both replicas on one node (or, when zones allow, in one zone): losing that
                // node would stop scaling and draining until a replacement is scheduled.
                JsonPatch.add("/spec/template/spec/topologySpreadConstraints", List.of(
                        spread("kubernetes.io/hostname", "DoNotSchedule"),
                        spread("topology.kubernetes.io/zone", "ScheduleAnyway"))),
                // Kept by the control plane's add-on timer for a private ECR image (addons.sh
                // registry); for a public image the secret is absent and the kubelet pulls without it.
                JsonPatch.add("/spec/template/spec/imagePullSecrets", List.of(Map.of("name", REGISTRY_SECRET))),
                JsonPatch.add("/spec/template/spec/securityContext/seccompProfile", Map.of("type", "RuntimeDefault")),
                JsonPatch.add("/spec/template/spec/containers/0/securityContext/capabilities", Map.of("drop", List.of("ALL"))));
        if (props.onControlPlane()) {
            ApiObject.of(deployment).addJsonPatch(
                    JsonPatch.add("/spec/template/spec/nodeSelector", ordered(CONTROL_PLANE_ROLE, "")),
                    JsonPatch.add("/spec/template/spec/tolerations", List.of(ordered(
                            "key", CONTROL_PLANE_ROLE, "operator", "Exists", "effect", "NoSchedule"))),
                    // The host network: IMDSv2 answers with hop limit 1 only there, so no pod in the
                    // pod network (on any node) can reach an instance role's credentials.
                    JsonPatch.add("/spec/template/spec/hostNetwork", true),
                    // The host's resolver: AWS endpoints resolve without CoreDNS, which waits for
                    // initialised nodes; the API server is reached by its service IP.
                    JsonPatch.add("/spec/template/spec/dnsPolicy", "Default"),
                    // The server listens on loopback; the kubelet probes from the host, so it asks there.
                    JsonPatch.add("/spec/template/spec/containers/0/startupProbe/httpGet/host", LOOPBACK),
                    JsonPatch.add("/spec/template/spec/containers/0/livenessProbe/httpGet/host", LOOPBACK),
                    JsonPatch.add("/spec/template/spec/containers/0/readinessProbe/httpGet/host", LOOPBACK));
        } else {
            ApiObject.of(deployment).addJsonPatch(JsonPatch.add("/spec/template/spec/nodeSelector", props.nodeSelector()));
        }
        if (props.nodeCredentialRoleNames() != null) {
            ApiObject.of(deployment).addJsonPatch(JsonPatch.add("/spec/template/spec/containers/0/ports/-", ordered(
                    "name", "node-credential", "containerPort", NODE_CREDENTIAL_PORT, "protocol", "TCP")));
        }
    }

    private static Map<String, Object> spread(String topologyKey, String whenUnsatisfiable) {
        return ordered("maxSkew", 1, "topologyKey", topologyKey, "whenUnsatisfiable", whenUnsatisfiable,
                "labelSelector", Map.of("matchLabels", LABELS));
    }

    /**
     * In the pod network, /metrics would answer any pod: only pods labelled
     * {@value #METRICS_SCRAPER_LABEL}=true (any namespace) may connect, and only to the metrics
     * port. The kubelet's probes come from the node itself, which NetworkPolicy implementations
     * (Calico, the VPC CNI's) always admit.
     */
    private void addMetricsNetworkPolicy() {
        ApiObject policy = new ApiObject(this, "metrics-network-policy", ApiObjectProps.builder()
                .apiVersion("networking.k8s.io/v1").kind("NetworkPolicy").metadata(namespaced(NAME)).build());
        policy.addJsonPatch(JsonPatch.add("/spec", ordered(
                "podSelector", Map.of("matchLabels", LABELS),
                "policyTypes", List.of("Ingress"),
                "ingress", List.of(ordered(
                        "from", List.of(ordered(
                                "namespaceSelector", Map.of(),
                                "podSelector", Map.of("matchLabels", Map.of(METRICS_SCRAPER_LABEL, "true")))),
                        "ports", List.of(ordered("protocol", "TCP", "port", props.healthPort())))))));
    }

    private void addPodDisruptionBudget() {
        // cdk8s-plus-25 has no PodDisruptionBudget: a plain ApiObject.
        ApiObject budget = new ApiObject(this, "pod-disruption-budget", ApiObjectProps.builder()
                .apiVersion("policy/v1").kind("PodDisruptionBudget").metadata(namespaced(NAME)).build());
        budget.addJsonPatch(JsonPatch.add("/spec", ordered(
                "maxUnavailable", 1,
                "selector", Map.of("matchLabels", LABELS))));
    }

    /** A map that keeps the given order (Map.of does not, and the YAML must not change). */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    private ApiObjectMetadata namespaced(String name) {
        return ApiObjectMetadata.builder().name(name).namespace(props.namespace()).labels(LABELS).build();
    }

    private static ApiObjectMetadata clusterScoped(String name) {
        return ApiObjectMetadata.builder().name(name).labels(LABELS).build();
    }
}
