package io.spotkube.constructs.bootstrap;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Kubernetes version the node bootstrap supports: the exact kubeadm/kubelet/kubectl
 * package installed from pkgs.k8s.io and the containerd series it runs with.
 *
 * <p>Supporting a new minor is one more constant here (and in {@link #supported()}); the
 * package revision suffix ({@code -1.1}) is the one pkgs.k8s.io publishes.
 */
public final class KubernetesVersion {

    /** Kubernetes 1.31 (kubeadm config API v1beta4 first appears in 1.31: the oldest we can use). */
    public static final KubernetesVersion V1_31 = new KubernetesVersion("1.31.9", "1.7");
    /** Kubernetes 1.32. */
    public static final KubernetesVersion V1_32 = new KubernetesVersion("1.32.5", "1.7");
    /** Kubernetes 1.33: the default. */
    public static final KubernetesVersion V1_33 = new KubernetesVersion("1.33.1", "1.7");

    private static final List<KubernetesVersion> SUPPORTED = List.of(V1_31, V1_32, V1_33);

    private final String version;
    private final String containerdSeries;

    private KubernetesVersion(String version, String containerdSeries) {
        this.version = version;
        this.containerdSeries = containerdSeries;
    }

    /** The versions the bootstrap pins, oldest first. */
    public static List<KubernetesVersion> supported() {
        return SUPPORTED;
    }

    /** The newest supported version, the default of a cluster. */
    public static KubernetesVersion latest() {
        return SUPPORTED.get(SUPPORTED.size() - 1);
    }

    /**
     * The supported version for a minor ({@code "1.33"}) or an exact pinned version
     * ({@code "1.33.1"}).
     *
     * @throws IllegalArgumentException naming the supported minors when there is none
     */
    public static KubernetesVersion of(String minorOrVersion) {
        Objects.requireNonNull(minorOrVersion, "kubernetesVersion");
        String wanted = minorOrVersion.startsWith("v") ? minorOrVersion.substring(1) : minorOrVersion;
        return SUPPORTED.stream()
                .filter(v -> v.minor().equals(wanted) || v.version.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("kubernetesVersion (" + minorOrVersion
                        + ") is not supported; use one of " + SUPPORTED.stream().map(KubernetesVersion::minor)
                        .collect(Collectors.joining(", "))));
    }

    /** The exact version, e.g. {@code 1.33.1}. */
    public String version() {
        return version;
    }

    /** The minor, e.g. {@code 1.33} (it names the pkgs.k8s.io repository). */
    public String minor() {
        return version.substring(0, version.lastIndexOf('.'));
    }

    /** The Debian package version on pkgs.k8s.io, e.g. {@code 1.33.1-1.1}. */
    public String packageVersion() {
        return version + "-1.1";
    }

    /** The containerd series (major.minor) the node must run, e.g. {@code 1.7}. */
    public String containerdSeries() {
        return containerdSeries;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KubernetesVersion that && version.equals(that.version);
    }

    @Override
    public int hashCode() {
        return version.hashCode();
    }

    @Override
    public String toString() {
        return version;
    }
}
