package io.spotkube.constructs.bootstrap;

import io.spotkube.constructs.LabelRules;
import io.spotkube.constructs.NodeTaint;
import io.spotkube.contract.NodeTemplateTags;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The user data of a cluster node: the shell templates under
 * {@code io/spotkube/constructs/bootstrap/} with this node group's values filled in.
 *
 * <p>Rendering is plain string substitution, so CDK tokens passed as values (the load
 * balancer's DNS name, the bucket name, {@code Aws.REGION}) come out unchanged inside the
 * script and CloudFormation resolves them at deploy. Validation skips such tokens. The
 * output is a pure function of the builder's values: no timestamps, maps sorted.
 *
 * <p>Usage from a construct: {@code UserData.custom(BootstrapScript.builder()...build().render())}.
 */
public final class BootstrapScript {

    /** What the node does in the cluster. */
    public enum Role {
        /** Runs kubeadm init (the first one) or joins the control plane, and runs the add-on timer. */
        CONTROL_PLANE("control-plane", "control-plane.sh"),
        /** Joins as a worker. */
        WORKER("worker", "worker.sh");

        private final String scriptValue;
        private final String template;

        Role(String scriptValue, String template) {
            this.scriptValue = scriptValue;
            this.template = template;
        }
    }

    /** Calico in VXLAN mode, pinned: an overlay that needs no AWS integration (see docs/bootstrap.md). */
    public static final String DEFAULT_CNI_MANIFEST_URL =
            "https://raw.githubusercontent.com/projectcalico/calico/v3.30.2/manifests/calico-vxlan.yaml";
    /** Calico's default pool; it must not overlap the VPC. */
    public static final String DEFAULT_POD_SUBNET = "192.168.0.0/16";
    /** Where the add-on manifests live in the state-store bucket. */
    public static final String DEFAULT_ADDONS_PREFIX = "addons/";
    /** Where the etcd backups live in the state-store bucket (see docs/operations.md). */
    public static final String ETCD_BACKUP_PREFIX = "etcd-backups/";
    /** One backup an hour: at most an hour of changes lost, a few MB of S3 an hour. */
    public static final int DEFAULT_ETCD_BACKUP_INTERVAL_MINUTES = 60;
    /** A day of hourly backups: enough to step back past a bad change noticed the next morning. */
    public static final int DEFAULT_ETCD_BACKUPS_KEPT = 24;
    /**
     * The node bootstrap tokens' lifetime: the control plane replaces the published one every 20
     * minutes (addons.sh refresh), so a joiner always finds one valid for 40 minutes or more.
     */
    public static final String JOIN_TOKEN_TTL = "1h0m0s";

    private static final String TEMPLATE_DIR = "/io/spotkube/constructs/bootstrap/";
    private static final String TOKEN_MARKER = "${Token[";
    private static final Pattern PLACEHOLDER = Pattern.compile("@@[A-Z_]+@@");
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?");
    private static final Pattern SSM_PATH = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
    private static final Pattern CIDR = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}");
    private static final Pattern ADDON_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern KMS_KEY = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+");
    private static final Pattern S3_PREFIX = Pattern.compile("([A-Za-z0-9_.-]+/)*");

    private final String clusterName;
    private final KubernetesVersion kubernetesVersion;
    private final Role role;
    private final String apiEndpoint;
    private final String ssmParameterPrefix;
    private final String stateBucketName;
    private final String addonsPrefix;
    private final Map<String, String> nodeLabels;
    private final List<NodeTaint> nodeTaints;
    private final String region;
    private final String podSubnet;
    private final String cniManifestUrl;
    private final String cniManifestSha256;
    private final Map<String, String> addonVariables;
    private final String adminKubeconfigParameter;
    private final String adminKubeconfigKey;
    private final String joinMaterialKey;
    private final String addonsScriptUrl;
    private final String etcdBackupScriptUrl;
    private final int etcdBackupIntervalMinutes;
    private final int etcdBackupsKept;

    private BootstrapScript(Builder b) {
        clusterName = require("clusterName", b.clusterName);
        kubernetesVersion = b.kubernetesVersion == null ? KubernetesVersion.latest() : b.kubernetesVersion;
        role = Objects.requireNonNull(b.role, "role is required (CONTROL_PLANE or WORKER)");
        apiEndpoint = require("apiEndpoint", b.apiEndpoint);
        ssmParameterPrefix = stripTrailingSlash(require("ssmParameterPrefix", b.ssmParameterPrefix));
        stateBucketName = role == Role.CONTROL_PLANE ? require("stateBucketName", b.stateBucketName)
                : b.stateBucketName == null ? "" : b.stateBucketName;
        String prefix = b.addonsPrefix == null ? DEFAULT_ADDONS_PREFIX : b.addonsPrefix;
        addonsPrefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        nodeLabels = new TreeMap<>(b.nodeLabels);
        nodeTaints = List.copyOf(b.nodeTaints);
        region = require("region", b.region);
        podSubnet = b.podSubnet == null ? DEFAULT_POD_SUBNET : b.podSubnet;
        cniManifestUrl = b.cniManifestUrl == null ? DEFAULT_CNI_MANIFEST_URL : b.cniManifestUrl;
        cniManifestSha256 = b.cniManifestSha256 == null ? "" : b.cniManifestSha256;
        addonVariables = new TreeMap<>(b.addonVariables);
        adminKubeconfigParameter = b.adminKubeconfigParameter == null ? "" : b.adminKubeconfigParameter;
        adminKubeconfigKey = b.adminKubeconfigKey == null ? "" : b.adminKubeconfigKey;
        joinMaterialKey = b.joinMaterialKey == null ? "" : b.joinMaterialKey;
        addonsScriptUrl = role == Role.CONTROL_PLANE ? require("maintenanceScripts addons URL", b.addonsScriptUrl) : "";
        etcdBackupScriptUrl = role == Role.CONTROL_PLANE
                ? require("maintenanceScripts etcd backup URL", b.etcdBackupScriptUrl) : "";
        etcdBackupIntervalMinutes = b.etcdBackupIntervalMinutes;
        etcdBackupsKept = b.etcdBackupsKept;
        validate();
    }

    public static Builder builder() {
        return new Builder();
    }

    private void validate() {
        check("clusterName", clusterName, DNS_NAME);
        check("apiEndpoint", apiEndpoint, DNS_NAME);
        if (!isToken(ssmParameterPrefix) && !SSM_PATH.matcher(ssmParameterPrefix).matches()) {
            throw new IllegalArgumentException("ssmParameterPrefix (" + ssmParameterPrefix
                    + ") must be an SSM path like /spotkube/my-cluster");
        }
        if (!stateBucketName.isEmpty()) {
            check("stateBucketName", stateBucketName, BUCKET);
        }
        check("addonsPrefix", addonsPrefix, S3_PREFIX);
        check("region", region, REGION);
        check("podSubnet", podSubnet, CIDR);
        if (!cniManifestUrl.startsWith("https://") || cniManifestUrl.matches(".*[\\s'\"$`\\\\].*")) {
            throw new IllegalArgumentException("cniManifestUrl (" + cniManifestUrl + ") must be a plain https:// URL");
        }
        if (!cniManifestSha256.isEmpty() && !cniManifestSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("cniManifestSha256 (" + cniManifestSha256
                    + ") must be a SHA-256 in 64 lower-case hex digits, as sha256sum prints it");
        }
        if (!adminKubeconfigParameter.isEmpty() || !adminKubeconfigKey.isEmpty()) {
            if (role != Role.CONTROL_PLANE) {
                throw new IllegalArgumentException("adminKubeconfig is published by the control plane, not by role " + role);
            }
            if (!isToken(adminKubeconfigParameter) && !SSM_PATH.matcher(adminKubeconfigParameter).matches()) {
                throw new IllegalArgumentException("adminKubeconfig parameter (" + adminKubeconfigParameter
                        + ") must be an SSM path like /spotkube/my-cluster/admin/kubeconfig");
            }
            check("adminKubeconfig key", adminKubeconfigKey, KMS_KEY);
        }
        for (String url : List.of(addonsScriptUrl, etcdBackupScriptUrl)) {
            if (!url.isEmpty() && !isToken(url) && !url.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9_./-]+")) {
                throw new IllegalArgumentException("maintenanceScripts URL (" + url + ") must be an s3://bucket/key URL");
            }
        }
        if (!joinMaterialKey.isEmpty()) {
            check("joinMaterialKey", joinMaterialKey, KMS_KEY);
        }
        if (etcdBackupIntervalMinutes < 5 || etcdBackupIntervalMinutes > 10080) {
            throw new IllegalArgumentException("etcdBackupIntervalMinutes (" + etcdBackupIntervalMinutes
                    + ") must be between 5 (the backup timer's period) and 10080 (a week)");
        }
        if (etcdBackupsKept < 1 || etcdBackupsKept > 1000) {
            throw new IllegalArgumentException("etcdBackupsKept (" + etcdBackupsKept + ") must be between 1 and 1000");
        }
        addonVariables.forEach((name, value) -> {
            if (!ADDON_VARIABLE.matcher(name).matches()) {
                throw new IllegalArgumentException("addonVariables name (" + name + ") must match " + ADDON_VARIABLE.pattern());
            }
            if (value.isEmpty() || value.contains("\n")) {
                throw new IllegalArgumentException("addonVariables value of " + name + " must be one non-empty line");
            }
        });
        nodeLabels.forEach((key, value) -> {
            LabelRules.requireQualifiedName("nodeLabels key", key);
            LabelRules.requireValue("nodeLabels value of " + key, value);
        });
    }

    /**
     * The complete user data: the cluster values as plain shell variables (CDK tokens stay
     * visible to CloudFormation), then the bootstrap itself gzip + base64 encoded to stay
     * under EC2's 16 KB user-data limit. Deterministic: same values, same bytes.
     */
    public String render() {
        byte[] gzip = DeterministicGzip.compress(body().getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(gzip);
        return requireNoPlaceholder(header() + compact(template("loader.sh")).replace("@@PAYLOAD@@", payload));
    }

    /** What {@link #render()} runs on the instance, uncompressed: the header and the bootstrap. */
    public String renderPlain() {
        return requireNoPlaceholder(header() + body());
    }

    private String header() {
        return compact(substitute(template("env.sh")));
    }

    private String body() {
        if (role != Role.CONTROL_PLANE) {
            return compact(template("common.sh") + template("node-credential.sh") + template(role.template));
        }
        // The timer scripts (renderAddonsScript, renderEtcdBackupScript) are not embedded: with them
        // the user data would exceed EC2's 16 KB. The instance downloads them (maintenanceScripts).
        return compact(template("common.sh") + template("control-plane-recovery.sh") + template(role.template));
    }

    /**
     * The add-on/maintenance script a control-plane node installs as
     * {@code /usr/local/lib/spotkube/addons.sh}, downloaded from the first of {@code maintenanceScripts}.
     */
    public String renderAddonsScript() {
        return addonsScript();
    }

    /** {@link #renderAddonsScript()}: the same for every cluster (its values come from cluster.env). */
    public static String addonsScript() {
        // The label step reads the same node-template tags the node groups write.
        return requireNoPlaceholder(compact(template("addons.sh"))
                .replace("@@TEMPLATE_LABEL_TAG@@", NodeTemplateTags.LABEL_PREFIX));
    }

    /**
     * The etcd backup script a control-plane node installs as {@code /usr/local/lib/spotkube/etcd-backup.sh},
     * downloaded from the second of {@code maintenanceScripts}.
     */
    public String renderEtcdBackupScript() {
        return etcdBackupScript();
    }

    /** {@link #renderEtcdBackupScript()}: the same for every cluster (its values come from cluster.env). */
    public static String etcdBackupScript() {
        return requireNoPlaceholder(compact(template("etcd-backup.sh")));
    }

    /** Labels passed to the kubelet ({@code --node-labels}): those it may set on itself. */
    public Map<String, String> kubeletNodeLabels() {
        return filterLabels(true);
    }

    /**
     * Labels under the reserved kubernetes.io / k8s.io namespaces (such as
     * {@code kops.k8s.io/lifecycle}) that the kubelet may not set: the control plane applies
     * them from the Auto Scaling group's {@link NodeTemplateTags#LABEL_PREFIX}{@code *}
     * tags, so a worker group must carry those tags for these labels to appear.
     */
    public Map<String, String> privilegedNodeLabels() {
        return filterLabels(false);
    }

    private Map<String, String> filterLabels(boolean kubeletMaySet) {
        Map<String, String> out = new LinkedHashMap<>();
        nodeLabels.forEach((key, value) -> {
            if (LabelRules.kubeletMaySet(key) == kubeletMaySet) {
                out.put(key, value);
            }
        });
        return out;
    }

    private String substitute(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("CLUSTER_NAME", clusterName);
        values.put("NODE_ROLE", role.scriptValue);
        values.put("API_ENDPOINT", apiEndpoint);
        values.put("SSM_PREFIX", ssmParameterPrefix);
        values.put("STATE_BUCKET", stateBucketName);
        values.put("ADDONS_PREFIX", addonsPrefix);
        values.put("REGION", region);
        values.put("KUBERNETES_VERSION", kubernetesVersion.version());
        values.put("KUBERNETES_MINOR", kubernetesVersion.minor());
        values.put("KUBERNETES_PACKAGE_VERSION", kubernetesVersion.packageVersion());
        values.put("CONTAINERD_SERIES", kubernetesVersion.containerdSeries());
        values.put("POD_SUBNET", podSubnet);
        values.put("CNI_MANIFEST_URL", cniManifestUrl);
        values.put("CNI_MANIFEST_SHA256", cniManifestSha256);
        values.put("KUBELET_NODE_LABELS", joinLabels(kubeletNodeLabels()));
        values.put("PRIVILEGED_NODE_LABELS", joinLabels(privilegedNodeLabels()));
        values.put("NODE_TAINTS", nodeTaints.stream().map(NodeTaint::toString).collect(Collectors.joining(",")));
        values.put("ADDON_VARIABLES", addonVariables.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        values.put("ADMIN_KUBECONFIG_PARAMETER", adminKubeconfigParameter);
        values.put("ADMIN_KUBECONFIG_KEY", adminKubeconfigKey);
        values.put("JOIN_MATERIAL_KEY", joinMaterialKey);
        values.put("JOIN_TOKEN_TTL", JOIN_TOKEN_TTL);
        values.put("ADDONS_SCRIPT_URL", addonsScriptUrl);
        values.put("ETCD_BACKUP_SCRIPT_URL", etcdBackupScriptUrl);
        boolean controlPlane = role == Role.CONTROL_PLANE;
        values.put("ETCD_BACKUP_PREFIX", controlPlane ? ETCD_BACKUP_PREFIX : "");
        values.put("ETCD_BACKUP_INTERVAL_MINUTES", controlPlane ? Integer.toString(etcdBackupIntervalMinutes) : "");
        values.put("ETCD_BACKUPS_KEPT", controlPlane ? Integer.toString(etcdBackupsKept) : "");
        String out = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            // Values are single-quoted in the script: a quote would end the string early.
            if (value.getValue().contains("'")) {
                throw new IllegalArgumentException(value.getKey() + " must not contain a single quote");
            }
            out = out.replace("@@" + value.getKey() + "@@", value.getValue());
        }
        return out;
    }

    private static String joinLabels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    // Full-line comments and blank lines are dropped: EC2 user data is limited to 16 KB.
    // The shebang and shellcheck directives stay.
    private static String compact(String script) {
        StringBuilder out = new StringBuilder(script.length());
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            boolean comment = trimmed.startsWith("#") && !trimmed.startsWith("#!") && !trimmed.startsWith("# shellcheck");
            if (!trimmed.isEmpty() && !comment) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String requireNoPlaceholder(String script) {
        Matcher left = PLACEHOLDER.matcher(script);
        if (left.find()) {
            throw new IllegalStateException("bootstrap template placeholder " + left.group() + " was not substituted");
        }
        return script;
    }

    private static String template(String name) {
        try (InputStream in = BootstrapScript.class.getResourceAsStream(TEMPLATE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("bootstrap template " + TEMPLATE_DIR + name + " is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("reading bootstrap template " + name, e);
        }
    }

    private static boolean isToken(String value) {
        return value.contains(TOKEN_MARKER);
    }

    private static void check(String field, String value, Pattern pattern) {
        if (!isToken(value) && !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " (" + value + ") is not valid: expected " + pattern.pattern());
        }
    }

    private static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    /** Builder; required: clusterName, role, apiEndpoint, ssmParameterPrefix, region, and stateBucketName for a control plane. */
    public static final class Builder {
        private String clusterName;
        private KubernetesVersion kubernetesVersion;
        private Role role;
        private String apiEndpoint;
        private String ssmParameterPrefix;
        private String stateBucketName;
        private String addonsPrefix;
        private final Map<String, String> nodeLabels = new TreeMap<>();
        private final List<NodeTaint> nodeTaints = new ArrayList<>();
        private String region;
        private String podSubnet;
        private String cniManifestUrl;
        private String cniManifestSha256;
        private final Map<String, String> addonVariables = new TreeMap<>();
        private String adminKubeconfigParameter;
        private String adminKubeconfigKey;
        private String joinMaterialKey;
        private String addonsScriptUrl;
        private String etcdBackupScriptUrl;
        private int etcdBackupIntervalMinutes = DEFAULT_ETCD_BACKUP_INTERVAL_MINUTES;
        private int etcdBackupsKept = DEFAULT_ETCD_BACKUPS_KEPT;

        private Builder() {
        }

        /** The cluster's name (kubeadm clusterName). */
        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** @default {@link KubernetesVersion#latest()} */
        public Builder kubernetesVersion(KubernetesVersion kubernetesVersion) {
            this.kubernetesVersion = kubernetesVersion;
            return this;
        }

        /** Control plane (init or join, add-on timer) or worker. */
        public Builder role(Role role) {
            this.role = role;
            return this;
        }

        /** The API load balancer's DNS name, without port (6443 is added); may be a CDK token. */
        public Builder apiEndpoint(String apiEndpoint) {
            this.apiEndpoint = apiEndpoint;
            return this;
        }

        /**
         * The SSM path under which the join material and the init lock live, e.g.
         * {@code /spotkube/<cluster>}; make it unique per cluster incarnation (see docs/bootstrap.md).
         */
        public Builder ssmParameterPrefix(String ssmParameterPrefix) {
            this.ssmParameterPrefix = ssmParameterPrefix;
            return this;
        }

        /** The state-store bucket holding the add-ons; required for the control plane. */
        public Builder stateBucketName(String stateBucketName) {
            this.stateBucketName = stateBucketName;
            return this;
        }

        /** @default {@value BootstrapScript#DEFAULT_ADDONS_PREFIX} */
        public Builder addonsPrefix(String addonsPrefix) {
            this.addonsPrefix = addonsPrefix;
            return this;
        }

        /** Adds to the node labels of this group. @default none */
        public Builder nodeLabels(Map<String, String> labels) {
            nodeLabels.putAll(labels);
            return this;
        }

        /** Adds one node label; reserved ones (*.k8s.io, *.kubernetes.io) are set by the control plane. */
        public Builder nodeLabel(String key, String value) {
            nodeLabels.put(key, value);
            return this;
        }

        /** Adds to the taints of this group. @default none (a control plane always gets node-role.kubernetes.io/control-plane:NoSchedule) */
        public Builder nodeTaints(List<NodeTaint> taints) {
            nodeTaints.addAll(taints);
            return this;
        }

        /** Adds one registration taint, e.g. {@code NodeTaint.parse("spot=true:NoSchedule")}. */
        public Builder nodeTaint(NodeTaint taint) {
            nodeTaints.add(taint);
            return this;
        }

        /** The cluster's region; may be {@code Aws.REGION}. The node refuses to boot in another region. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** @default {@value BootstrapScript#DEFAULT_POD_SUBNET} */
        public Builder podSubnet(String podSubnet) {
            this.podSubnet = podSubnet;
            return this;
        }

        /** @default {@value BootstrapScript#DEFAULT_CNI_MANIFEST_URL} */
        public Builder cniManifestUrl(String cniManifestUrl) {
            this.cniManifestUrl = cniManifestUrl;
            return this;
        }

        /**
         * The CNI manifest's SHA-256 ({@code sha256sum}): the control plane refuses a download
         * that differs. @default - none: applied with a warning in the boot log
         */
        public Builder cniManifestSha256(String cniManifestSha256) {
            this.cniManifestSha256 = cniManifestSha256;
            return this;
        }

        /**
         * A value the control plane substitutes for {@code {{NAME}}} in the add-on manifests
         * before applying them; may be a CDK token (the runtime's image URI, the queue URL),
         * which a file asset could not hold. @default none
         */
        public Builder addonVariable(String name, String value) {
            addonVariables.put(Objects.requireNonNull(name, "addonVariables name"),
                    Objects.requireNonNull(value, "addonVariables value of " + name));
            return this;
        }

        /** Adds several {@link #addonVariable(String, String)}s. */
        public Builder addonVariables(Map<String, String> variables) {
            variables.forEach(this::addonVariable);
            return this;
        }

        /**
         * Control plane: after {@code kubeadm init}, store a cluster-admin kubeconfig (user
         * {@code spotkube-admin}, bound to cluster-admin) in this SSM parameter as a SecureString
         * encrypted with this KMS key (ARN); both may be CDK tokens. Null for neither.
         * @default - no kubeconfig is published
         */
        public Builder adminKubeconfig(String parameterName, String keyArn) {
            if ((parameterName == null) != (keyArn == null)) {
                throw new IllegalArgumentException("adminKubeconfig needs both the parameter name and the key ARN, or neither");
            }
            this.adminKubeconfigParameter = parameterName;
            this.adminKubeconfigKey = keyArn;
            return this;
        }

        /**
         * Control plane, required: the s3:// URLs (may be CDK tokens) of {@link #renderAddonsScript()}
         * and {@link #renderEtcdBackupScript()}, which the instance downloads and runs from its timers.
         */
        public Builder maintenanceScripts(String addonsScriptUrl, String etcdBackupScriptUrl) {
            this.addonsScriptUrl = addonsScriptUrl;
            this.etcdBackupScriptUrl = etcdBackupScriptUrl;
            return this;
        }

        /**
         * The customer-managed KMS key (ARN, may be a CDK token) that encrypts the join material
         * SecureStrings. @default - SSM's AWS-managed key (any principal allowed
         * ssm:GetParameter on the parameter can decrypt it)
         */
        public Builder joinMaterialKey(String keyArn) {
            this.joinMaterialKey = keyArn;
            return this;
        }

        /**
         * Control plane: how often the etcd leader backs up to the state store, and how many
         * backups it keeps. @default {@value BootstrapScript#DEFAULT_ETCD_BACKUP_INTERVAL_MINUTES}
         * minutes, {@value BootstrapScript#DEFAULT_ETCD_BACKUPS_KEPT} kept
         */
        public Builder etcdBackups(int intervalMinutes, int kept) {
            this.etcdBackupIntervalMinutes = intervalMinutes;
            this.etcdBackupsKept = kept;
            return this;
        }

        public BootstrapScript build() {
            return new BootstrapScript(this);
        }
    }
}
