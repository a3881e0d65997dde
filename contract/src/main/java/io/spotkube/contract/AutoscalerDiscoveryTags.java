package io.spotkube.contract;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * cluster-autoscaler's auto-discovery tags on an Auto Scaling group,
 * {@code k8s.io/cluster-autoscaler/enabled} and {@code k8s.io/cluster-autoscaler/<cluster>}, and
 * the {@code --node-group-auto-discovery} value that finds the groups carrying both.
 */
public final class AutoscalerDiscoveryTags {

  public static final String PREFIX = "k8s.io/cluster-autoscaler/";
  /** The group takes part in autoscaling. */
  public static final String ENABLED = PREFIX + "enabled";
  public static final String ENABLED_VALUE = "true";
  /** The value of {@link #clusterKey}: the group belongs to that cluster. */
  public static final String OWNED = "owned";

  private static final String ASG_TAG = "asg:tag=";

  private AutoscalerDiscoveryTags() {
  }

  /** {@code k8s.io/cluster-autoscaler/<cluster>}. */
  public static String clusterKey(String clusterName) {
    return PREFIX + clusterName;
  }

  /** {@code asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<cluster>}. */
  public static String autoDiscovery(String clusterName) {
    return ASG_TAG + ENABLED + "," + clusterKey(clusterName);
  }

  /**
   * The cluster a discovery spec names: the {@code <cluster>} of its
   * {@code k8s.io/cluster-autoscaler/<cluster>} key (cluster-autoscaler needs no cluster name beside
   * it, so neither does the runtime). Empty when the spec is not {@code asg:tag=...} or names no
   * such key (only {@code enabled}, or two clusters).
   */
  public static Optional<String> clusterName(String spec) {
    if (!spec.startsWith(ASG_TAG)) {
      return Optional.empty();
    }
    List<String> clusters = new java.util.ArrayList<>();
    for (String entry : spec.substring(ASG_TAG.length()).split(",")) {
      String key = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
      if (key.startsWith(PREFIX) && !key.equals(ENABLED) && key.length() > PREFIX.length()) {
        clusters.add(key.substring(PREFIX.length()));
      }
    }
    return clusters.size() == 1 ? Optional.of(clusters.get(0)) : Optional.empty();
  }

  /**
   * Whether {@code spec} asks for the groups tagged with exactly these two keys, in any order: the
   * only discovery the runtime implements.
   */
  public static boolean isAutoDiscovery(String spec, String clusterName) {
    if (!spec.startsWith(ASG_TAG)) {
      return false;
    }
    Set<String> given = new TreeSet<>(List.of(spec.substring(ASG_TAG.length()).split(",")));
    return given.equals(Set.of(ENABLED, clusterKey(clusterName)));
  }
}
