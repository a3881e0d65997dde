package io.spotkube.runtime.scaling.controller;

import io.spotkube.contract.GoDurations;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.expander.Expanders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The autoscaler's configuration from cluster-autoscaler's flags, with upstream's defaults:
 * {@code --expander=random --scale-down-unneeded-time=10m --scale-down-delay-after-add=10m
 * --scale-down-utilization-threshold=0.5 --max-node-provision-time=15m --scan-interval=10s}.
 * Boolean flags may be bare ({@code --balance-similar-node-groups}) or {@code =true/false}.
 */
public record AutoscalerSettings(
    String clusterName,
    String region,
    String namespace,
    String expander,
    boolean balanceSimilarNodeGroups,
    boolean scaleDownEnabled,
    Duration scaleDownUnneededTime,
    Duration scaleDownDelayAfterAdd,
    double scaleDownUtilizationThreshold,
    boolean skipNodesWithSystemPods,
    boolean skipNodesWithLocalStorage,
    Duration maxNodeProvisionTime,
    int maxNodesTotal,
    Duration scanInterval,
    String leaseName,
    String statusConfigMap,
    String priorityConfigMap) {

  private static final Set<String> BOOLEAN_FLAGS = Set.of("--balance-similar-node-groups", "--scale-down-enabled",
      "--skip-nodes-with-system-pods", "--skip-nodes-with-local-storage");
  private static final Set<String> VALUE_FLAGS = Set.of("--cluster-name", "--region", "--namespace", "--expander",
      "--scale-down-unneeded-time", "--scale-down-delay-after-add", "--scale-down-utilization-threshold",
      "--max-node-provision-time", "--max-nodes-total", "--scan-interval", "--leader-elect-resource-name",
      "--status-config-map-name", "--priority-config-map-name");

  public AutoscalerSettings {
    Objects.requireNonNull(clusterName, "clusterName");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("--cluster-name must not be empty");
    }
    if (scanInterval.isZero() || scanInterval.isNegative()) {
      throw new IllegalArgumentException("--scan-interval must be positive, was " + scanInterval);
    }
    if (!(scaleDownUtilizationThreshold >= 0 && scaleDownUtilizationThreshold <= 1)) {
      throw new IllegalArgumentException("--scale-down-utilization-threshold must be between 0 and 1, was "
          + scaleDownUtilizationThreshold);
    }
    if (maxNodesTotal < 0) {
      throw new IllegalArgumentException("--max-nodes-total must not be negative, was " + maxNodesTotal);
    }
    try {
      Expanders.chain(expander, Map.of(), new Random(0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--expander: " + e.getMessage());
    }
  }

  /** The flags that may stand alone, meaning true ({@code --balance-similar-node-groups}). */
  public static Set<String> booleanFlagNames() {
    return new TreeSet<>(BOOLEAN_FLAGS);
  }

  /** Every flag {@link #fromArgs} accepts, for a command that mixes these with its own. */
  public static Set<String> flagNames() {
    Set<String> names = new TreeSet<>(BOOLEAN_FLAGS);
    names.addAll(VALUE_FLAGS);
    return names;
  }

  /**
   * Parses the flags.
   *
   * @throws IllegalArgumentException one line naming the flag: unknown flag, bad value, missing --cluster-name
   */
  public static AutoscalerSettings fromArgs(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int equals = arg.indexOf('=');
      String name = equals > 0 ? arg.substring(0, equals) : arg;
      String value;
      if (!BOOLEAN_FLAGS.contains(name) && !VALUE_FLAGS.contains(name)) {
        throw new IllegalArgumentException("unknown flag " + name + "; known flags: " + String.join(" ", flagNames()));
      }
      if (equals > 0) {
        value = arg.substring(equals + 1);
      } else if (BOOLEAN_FLAGS.contains(name)) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (values.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    String cluster = values.get("--cluster-name");
    if (cluster == null) {
      throw new IllegalArgumentException("--cluster-name is required (the k8s.io/cluster-autoscaler/<cluster> tag)");
    }
    return new AutoscalerSettings(
        cluster,
        values.getOrDefault("--region", System.getenv().getOrDefault("AWS_REGION", "")),
        values.getOrDefault("--namespace", "kube-system"),
        values.getOrDefault("--expander", "random"),
        bool(values, "--balance-similar-node-groups", false),
        bool(values, "--scale-down-enabled", true),
        duration(values, "--scale-down-unneeded-time", "10m"),
        duration(values, "--scale-down-delay-after-add", "10m"),
        decimal(values, "--scale-down-utilization-threshold", 0.5),
        bool(values, "--skip-nodes-with-system-pods", true),
        bool(values, "--skip-nodes-with-local-storage", true),
        duration(values, "--max-node-provision-time", "15m"),
        integer(values, "--max-nodes-total", 0),
        duration(values, "--scan-interval", "10s"),
        values.getOrDefault("--leader-elect-resource-name", "cluster-autoscaler"),
        values.getOrDefault("--status-config-map-name", "cluster-autoscaler-status"),
        values.getOrDefault("--priority-config-map-name", "cluster-autoscaler-priority-expander"));
  }

  /** The decision options of one loop; priorities come from the ConfigMap each loop. */
  AutoscalingOptions options(Map<Integer, List<String>> priorities, long secondsSinceLastScaleUp, long seed) {
    return AutoscalingOptions.builder()
        .expander(expander)
        .priorities(priorities)
        .balanceSimilarNodeGroups(balanceSimilarNodeGroups)
        .maxNodesTotal(maxNodesTotal)
        .scaleDownEnabled(scaleDownEnabled)
        .scaleDownUtilizationThreshold(scaleDownUtilizationThreshold)
        .scaleDownUnneededTimeSeconds(scaleDownUnneededTime.toSeconds())
        .scaleDownDelayAfterAddSeconds(scaleDownDelayAfterAdd.toSeconds())
        .secondsSinceLastScaleUp(secondsSinceLastScaleUp)
        .skipNodesWithSystemPods(skipNodesWithSystemPods)
        .skipNodesWithLocalStorage(skipNodesWithLocalStorage)
        .seed(seed)
        .build();
  }

  private static boolean bool(Map<String, String> values, String flag, boolean fallback) {
    String value = values.get(flag);
    if (value == null) {
      return fallback;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(flag + ": '" + value + "' is not true or false");
    };
  }

  private static Duration duration(Map<String, String> values, String flag, String fallback) {
    return GoDurations.parse(flag, values.getOrDefault(flag, fallback));
  }

  private static double decimal(Map<String, String> values, String flag, double fallback) {
    String value = values.get(flag);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + value + "' is not a number");
    }
  }

  private static int integer(Map<String, String> values, String flag, int fallback) {
    String value = values.get(flag);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + value + "' is not a whole number");
    }
  }
}
