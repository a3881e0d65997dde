package io.spotkube.constructs;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splits node labels into those a kubelet may set on itself with {@code --node-labels} and
 * those the NodeRestriction admission plugin reserves: labels under {@code kubernetes.io} or
 * {@code k8s.io} other than the allowed prefixes. A kubelet given a reserved label refuses to
 * start, so those labels are applied by a controller with the cluster's credentials instead
 * (kOps does the same with kops-controller).
 */
final class KubeletLabels {

  private static final Set<String> KUBELET_ALLOWED_PREFIXES = Set.of("kubelet.kubernetes.io/", "node.kubernetes.io/");
  private static final Set<String> KUBELET_ALLOWED_KEYS = Set.of(
      "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os",
      "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type",
      "failure-domain.beta.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
      "topology.kubernetes.io/region", "topology.kubernetes.io/zone");

  private KubeletLabels() {
  }

  static boolean kubeletMaySet(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return true;
    }
    String domain = key.substring(0, slash);
    boolean reservedDomain = domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io")
        || domain.equals("k8s.io") || domain.endsWith(".k8s.io");
    return !reservedDomain || KUBELET_ALLOWED_KEYS.contains(key)
        || KUBELET_ALLOWED_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /** The labels of {@code labels} a kubelet may set itself, sorted. */
  static Map<String, String> selfSettable(Map<String, String> labels) {
    Map<String, String> settable = new TreeMap<>();
    labels.forEach((key, value) -> {
      if (kubeletMaySet(key)) {
        settable.put(key, value);
      }
    });
    return settable;
  }
}
