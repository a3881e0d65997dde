package io.spotkube.constructs;

import java.util.Set;
import java.util.regex.Pattern;

/** Kubernetes label syntax, and which labels a kubelet may set on its own Node. */
public final class LabelRules {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    // kubelet's IsKubeletLabel: what --node-labels accepts under kubernetes.io / k8s.io.
    private static final Set<String> KUBELET_LABELS = Set.of(
            "kubernetes.io/hostname", "kubernetes.io/instance-type", "kubernetes.io/os", "kubernetes.io/arch",
            "beta.kubernetes.io/instance-type", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
            "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
            "topology.kubernetes.io/zone", "topology.kubernetes.io/region", "node.kubernetes.io/instance-type");
    private static final Set<String> KUBELET_PREFIXES = Set.of("kubelet.kubernetes.io", "node.kubernetes.io");

    private LabelRules() {
    }

    public static void requireQualifiedName(String field, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean valid = NAME.matcher(name).matches()
                && (prefix == null || (prefix.length() <= 253 && PREFIX.matcher(prefix).matches()));
        if (!valid) {
            throw new IllegalArgumentException(field + " (" + key
                    + ") is not a valid Kubernetes qualified name ([prefix/]name, name up to 63 alphanumerics, '-', '_', '.')");
        }
    }

    public static void requireValue(String field, String value) {
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " (" + value
                    + ") is not a valid Kubernetes label value (up to 63 alphanumerics, '-', '_', '.')");
        }
    }

    /**
     * Whether the kubelet may set this label on itself: the NodeRestriction admission
     * plugin (and the kubelet's own flag check) reserve the kubernetes.io and k8s.io
     * namespaces except a few well-known labels.
     */
    public static boolean kubeletMaySet(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return true;
        }
        String prefix = key.substring(0, slash);
        boolean reserved = prefix.equals("kubernetes.io") || prefix.endsWith(".kubernetes.io")
                || prefix.equals("k8s.io") || prefix.endsWith(".k8s.io");
        return !reserved || KUBELET_LABELS.contains(key) || KUBELET_PREFIXES.stream()
                .anyMatch(allowed -> prefix.equals(allowed) || prefix.endsWith("." + allowed));
    }

    /** The labels of {@code labels} a kubelet may set on itself, sorted. */
    public static java.util.Map<String, String> selfSettable(java.util.Map<String, String> labels) {
        java.util.Map<String, String> settable = new java.util.TreeMap<>();
        labels.forEach((key, value) -> {
            if (kubeletMaySet(key)) {
                settable.put(key, value);
            }
        });
        return settable;
    }
}
