package io.spotkube.constructs.manifests;

import io.spotkube.contract.KopsLabels;
import io.spotkube.contract.TerminationHandlerTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the runtime's manifests need: where it runs, which image, which cluster and queue,
 * and the autoscaler's options (named after cluster-autoscaler's flags). Immutable; defaults
 * resolved and validated in {@link Builder#build()}.
 */
public final class RuntimeManifestsProps {

    /** The expanders the runtime knows (a comma-separated list is a chain). */
    public static final Set<String> EXPANDERS = Set.of("random", "most-pods", "least-waste", "least-nodes", "priority", "price");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final String namespace;
    private final String imageUri;
    private final String clusterName;
    private final String region;
    private final String queueUrl;
    private final String expander;
    private final Map<Integer, List<String>> priorities;
    private final boolean balanceSimilarNodeGroups;
    private final boolean scaleDownEnabled;
    private final Duration scaleDownUnneededTime;
    private final Duration scaleDownDelayAfterAdd;
    private final Duration scanInterval;
    private final Duration maxNodeProvisionTime;
    private final boolean skipNodesWithLocalStorage;
    private final boolean skipNodesWithSystemPods;
    private final String managedAsgTag;
    private final int replicas;
    private final int healthPort;
    private final int cpuRequestMillis;
    private final int cpuLimitMillis;
    private final int memoryMib;
    private final Map<String, String> nodeSelector;
    private final boolean onControlPlane;
    private final List<String> extraArgs;
    private final String nodeCredentialRoleNames;

    private RuntimeManifestsProps(Builder b) {
        namespace = b.namespace;
        imageUri = required("imageUri", b.imageUri);
        clusterName = required("clusterName", b.clusterName);
        region = required("region", b.region);
        queueUrl = required("queueUrl", b.queueUrl);
        expander = b.expander;
        priorities = Collections.unmodifiableMap(new TreeMap<>(b.priorities));
        balanceSimilarNodeGroups = b.balanceSimilarNodeGroups;
        scaleDownEnabled = b.scaleDownEnabled;
        scaleDownUnneededTime = b.scaleDownUnneededTime;
        scaleDownDelayAfterAdd = b.scaleDownDelayAfterAdd;
        scanInterval = b.scanInterval;
        maxNodeProvisionTime = b.maxNodeProvisionTime;
        skipNodesWithLocalStorage = b.skipNodesWithLocalStorage;
        skipNodesWithSystemPods = b.skipNodesWithSystemPods;
        managedAsgTag = b.managedAsgTag;
        replicas = b.replicas;
        healthPort = b.healthPort;
        cpuRequestMillis = b.cpuRequestMillis;
        cpuLimitMillis = b.cpuLimitMillis;
        memoryMib = b.memoryMib;
        nodeSelector = Collections.unmodifiableMap(new TreeMap<>(b.nodeSelector));
        onControlPlane = b.onControlPlane;
        extraArgs = List.copyOf(b.extraArgs);
        nodeCredentialRoleNames = b.nodeCredentialRoleNames;
        validate();
    }

    private void validate() {
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace (" + namespace + ") must be a DNS label (lowercase alphanumerics and '-')");
        }
        List<String> chain = expanderChain();
        for (String name : chain) {
            if (!EXPANDERS.contains(name)) {
                throw new IllegalArgumentException("expander (" + expander + "): unknown expander " + name
                        + "; known: " + String.join(", ", EXPANDERS.stream().sorted().toList()));
            }
        }
        if (chain.contains("priority") && priorities.isEmpty()) {
            throw new IllegalArgumentException("expander (" + expander + ") includes priority: set priorities (priority -> node group name regexes)");
        }
        if (!chain.contains("priority") && !priorities.isEmpty()) {
            throw new IllegalArgumentException("priorities are set but expander (" + expander + ") does not include priority");
        }
        priorities.forEach((priority, regexes) -> {
            if (regexes.isEmpty()) {
                throw new IllegalArgumentException("priorities[" + priority + "] has no node group regex");
            }
            for (String regex : regexes) {
                Pattern.compile(regex); // a bad regex fails here, not in the cluster
            }
        });
        if (nodeCredentialRoleNames != null && nodeCredentialRoleNames.isBlank()) {
            throw new IllegalArgumentException("nodeCredentialRoleNames (\"" + nodeCredentialRoleNames + "\") must name "
                    + "the node roles (comma-separated IAM role names), or be null for no node credential server");
        }
        positive("replicas", replicas);
        positive("healthPort", healthPort);
        if (healthPort > 65535) {
            throw new IllegalArgumentException("healthPort (" + healthPort + ") must be <= 65535");
        }
        positive("cpuRequestMillis", cpuRequestMillis);
        positive("memoryMib", memoryMib);
        if (cpuLimitMillis < cpuRequestMillis) {
            throw new IllegalArgumentException("cpuLimitMillis (" + cpuLimitMillis + ") should be >= cpuRequestMillis (" + cpuRequestMillis + ")");
        }
        for (Map.Entry<String, Duration> d : Map.of("scaleDownUnneededTime", scaleDownUnneededTime,
                "scaleDownDelayAfterAdd", scaleDownDelayAfterAdd, "scanInterval", scanInterval,
                "maxNodeProvisionTime", maxNodeProvisionTime).entrySet()) {
            if (d.getValue().isNegative() || d.getValue().isZero() || d.getValue().toMillisPart() != 0) {
                throw new IllegalArgumentException(d.getKey() + " (" + d.getValue() + ") must be a positive whole number of seconds");
            }
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " (" + value + ") must be positive");
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The expander chain, in order. */
    public List<String> expanderChain() {
        return List.of(expander.split(",", -1)).stream().map(String::strip).toList();
    }

    public String namespace() { return namespace; }
    public String imageUri() { return imageUri; }
    public String clusterName() { return clusterName; }
    public String region() { return region; }
    public String queueUrl() { return queueUrl; }
    public String expander() { return expander; }
    public Map<Integer, List<String>> priorities() { return priorities; }
    public boolean balanceSimilarNodeGroups() { return balanceSimilarNodeGroups; }
    public boolean scaleDownEnabled() { return scaleDownEnabled; }
    public Duration scaleDownUnneededTime() { return scaleDownUnneededTime; }
    public Duration scaleDownDelayAfterAdd() { return scaleDownDelayAfterAdd; }
    public Duration scanInterval() { return scanInterval; }
    public Duration maxNodeProvisionTime() { return maxNodeProvisionTime; }
    public boolean skipNodesWithLocalStorage() { return skipNodesWithLocalStorage; }
    public boolean skipNodesWithSystemPods() { return skipNodesWithSystemPods; }
    public String managedAsgTag() { return managedAsgTag; }
    public int replicas() { return replicas; }
    public int healthPort() { return healthPort; }
    public int cpuRequestMillis() { return cpuRequestMillis; }
    public int cpuLimitMillis() { return cpuLimitMillis; }
    public int memoryMib() { return memoryMib; }
    public Map<String, String> nodeSelector() { return nodeSelector; }
    public boolean onControlPlane() { return onControlPlane; }
    public List<String> extraArgs() { return extraArgs; }
    /** Null when the node credential server is off. */
    public String nodeCredentialRoleNames() { return nodeCredentialRoleNames; }

    /** Builder; required: imageUri, clusterName, region, queueUrl. */
    public static final class Builder {
        private String namespace = "spotkube-system";
        private String imageUri;
        private String clusterName;
        private String region;
        private String queueUrl;
        private String expander = "random";
        private final Map<Integer, List<String>> priorities = new TreeMap<>();
        private boolean balanceSimilarNodeGroups = true;
        private boolean scaleDownEnabled = true;
        private Duration scaleDownUnneededTime = Duration.ofMinutes(10);
        private Duration scaleDownDelayAfterAdd = Duration.ofMinutes(10);
        private Duration scanInterval = Duration.ofSeconds(10);
        private Duration maxNodeProvisionTime = Duration.ofMinutes(15);
        private boolean skipNodesWithLocalStorage = true;
        private boolean skipNodesWithSystemPods = true;
        private String managedAsgTag = TerminationHandlerTags.MANAGED;
        private int replicas = 2;
        private int healthPort = 8085;
        private int cpuRequestMillis = 100;
        private int cpuLimitMillis = 1000;
        private int memoryMib = 512;
        private final Map<String, String> nodeSelector = new LinkedHashMap<>(Map.of(KopsLabels.LIFECYCLE, KopsLabels.ON_DEMAND));
        private boolean onControlPlane;
        private final List<String> extraArgs = new ArrayList<>();
        private String nodeCredentialRoleNames;

        private Builder() {
        }

        /** @default "spotkube-system" */
        public Builder namespace(String namespace) { this.namespace = Objects.requireNonNull(namespace, "namespace"); return this; }
        /** The runtime image (e.g. a DockerImageAsset's imageUri). */
        public Builder imageUri(String imageUri) { this.imageUri = imageUri; return this; }
        public Builder clusterName(String clusterName) { this.clusterName = clusterName; return this; }
        public Builder region(String region) { this.region = region; return this; }
        /** The TerminationHandlerQueue's URL. */
        public Builder queueUrl(String queueUrl) { this.queueUrl = queueUrl; return this; }
        /** @default "random" (the tutorial's choice); a comma list is a chain */
        public Builder expander(String expander) { this.expander = Objects.requireNonNull(expander, "expander"); return this; }
        /** Priority -> node group name regexes, for the priority expander; null or empty: none. @default none */
        public Builder priorities(Map<Integer, List<String>> priorities) {
            if (priorities != null) {
                priorities.forEach((k, v) -> this.priorities.put(k, List.copyOf(v)));
            }
            return this;
        }
        /** @default true */
        public Builder balanceSimilarNodeGroups(boolean value) { this.balanceSimilarNodeGroups = value; return this; }
        /** @default true */
        public Builder scaleDownEnabled(boolean value) { this.scaleDownEnabled = value; return this; }
        /** @default 10 minutes (cluster-autoscaler's default; the tutorial uses 2 minutes) */
        public Builder scaleDownUnneededTime(Duration value) { this.scaleDownUnneededTime = Objects.requireNonNull(value); return this; }
        /** @default 10 minutes (cluster-autoscaler's default; the tutorial uses 2 minutes) */
        public Builder scaleDownDelayAfterAdd(Duration value) { this.scaleDownDelayAfterAdd = Objects.requireNonNull(value); return this; }
        /** @default 10 seconds */
        public Builder scanInterval(Duration value) { this.scanInterval = Objects.requireNonNull(value); return this; }
        /** @default 15 minutes */
        public Builder maxNodeProvisionTime(Duration value) { this.maxNodeProvisionTime = Objects.requireNonNull(value); return this; }
        /** @default true */
        public Builder skipNodesWithLocalStorage(boolean value) { this.skipNodesWithLocalStorage = value; return this; }
        /** @default true */
        public Builder skipNodesWithSystemPods(boolean value) { this.skipNodesWithSystemPods = value; return this; }
        /** Only instances of groups with this tag are drained. @default "aws-node-termination-handler/managed" */
        public Builder managedAsgTag(String value) { this.managedAsgTag = Objects.requireNonNull(value); return this; }
        /** @default 2 (one active through leader election, one standby) */
        public Builder replicas(int replicas) { this.replicas = replicas; return this; }
        /** @default 8085 */
        public Builder healthPort(int port) { this.healthPort = port; return this; }
        /** @default 100 */
        public Builder cpuRequestMillis(int value) { this.cpuRequestMillis = value; return this; }
        /** @default 1000 */
        public Builder cpuLimitMillis(int value) { this.cpuLimitMillis = value; return this; }
        /** Memory request and limit. @default 512 */
        public Builder memoryMib(int value) { this.memoryMib = value; return this; }
        /** Replaces the node selector. @default kops.k8s.io/lifecycle=OnDemand (never on Spot) */
        public Builder nodeSelector(Map<String, String> selector) {
            nodeSelector.clear();
            nodeSelector.putAll(selector);
            return this;
        }
        /**
         * Runs the runtime on the control plane, as kOps runs cluster-autoscaler and the termination
         * handler: selected by {@code node-role.kubernetes.io/control-plane}, tolerating its taint, in
         * the host network so that IMDSv2 with a hop limit of 1 gives it the control plane's
         * instance-profile credentials (the only node role holding the runtime's permissions), with
         * {@code /metrics} and the probes on 127.0.0.1 only (a NetworkPolicy does not apply to
         * host-network pods). Replaces {@link #nodeSelector}. For a kubeadm cluster
         * ({@code SpotKubernetesCluster}); docs/security.md.
         * @default false: on the nodes of {@link #nodeSelector}, in the pod network, credentials from a
         *          service-account role (e.g. EKS Pod Identity), metrics behind a NetworkPolicy
         */
        public Builder onControlPlane(boolean value) { this.onControlPlane = value; return this; }
        /** More runtime flags, appended after the generated ones. @default none */
        public Builder extraArgs(List<String> args) { extraArgs.addAll(args); return this; }
        /**
         * Turns on the node credential server (kops-controller's job): the runtime listens on
         * {@code 0.0.0.0:}{@value RuntimeManifests#NODE_CREDENTIAL_PORT} and issues a kubelet client
         * certificate only for the node name EC2 gives the instance whose credentials, of one of these
         * IAM roles, signed the request; the runtime may then create and approve kubelet-client
         * CertificateSigningRequests. Comma-separated role names (or an add-on placeholder such as
         * {@code {{NODE_ROLE_NAMES}}}). Meant for {@link #onControlPlane}: there the port is the host's.
         * docs/security.md, "Node credentials".
         * @default null: no server, no CertificateSigningRequest rights
         */
        public Builder nodeCredentialRoleNames(String roleNames) { this.nodeCredentialRoleNames = roleNames; return this; }

        public RuntimeManifestsProps build() {
            return new RuntimeManifestsProps(this);
        }
    }
}
