package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.flags.FlagValues;
import io.spotkube.runtime.flags.RunFlags;
import io.spotkube.runtime.flags.UsedBy;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.expander.Expanders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The autoscaler's configuration from cluster-autoscaler's flags, with upstream's defaults:
 * {@code --expander=random --scale-down-unneeded-time=10m --scale-down-delay-after-add=10m
 * --scale-down-utilization-threshold=0.5 --max-node-provision-time=15m --scan-interval=10s}.
 * The flags are rows of {@code run}'s one table ({@link RunFlags}); this record checks what depends
 * on several of them or on the expander registry.
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
    String priorityConfigMap,
    Duration maxPodEvictionTime,
    Duration maxGracefulTermination,
    Duration maxInactivity,
    Duration maxFailingTime,
    double scaleDownGpuUtilizationThreshold,
    int expendablePodsPriorityCutoff) {

  /** How often a scale-down drain retries refused evictions and checks that pods are gone. */
  static final Duration DRAIN_POLL_INTERVAL = Duration.ofSeconds(1);

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
    if (!(scaleDownGpuUtilizationThreshold >= 0 && scaleDownGpuUtilizationThreshold <= 1)) {
      throw new IllegalArgumentException("--scale-down-gpu-utilization-threshold must be between 0 and 1, was "
          + scaleDownGpuUtilizationThreshold);
    }
    if (maxPodEvictionTime == null || maxPodEvictionTime.isNegative() || maxPodEvictionTime.isZero()) {
      throw new IllegalArgumentException("--max-pod-eviction-time must be positive, was " + maxPodEvictionTime);
    }
    if (maxGracefulTermination == null || maxGracefulTermination.isNegative()) {
      throw new IllegalArgumentException("--max-graceful-termination-sec must not be negative, was "
          + maxGracefulTermination);
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

  /**
   * The autoscaler's settings from {@code run}'s parsed flags (io.spotkube.runtime.flags.RunFlags,
   * docs/flags.md).
   *
   * @throws IllegalArgumentException one line naming the flag: missing --cluster-name, a bad value
   */
  public static AutoscalerSettings from(FlagValues values) {
    String cluster = values.find(RunFlags.CLUSTER_NAME).orElseThrow(() ->
        new IllegalArgumentException("--cluster-name is required (the k8s.io/cluster-autoscaler/<cluster> tag)"));
    return new AutoscalerSettings(
        cluster,
        values.find(RunFlags.AWS_REGION).orElse(""),
        values.get(RunFlags.NAMESPACE),
        values.get(RunFlags.EXPANDER),
        values.get(RunFlags.BALANCE_SIMILAR_NODE_GROUPS),
        values.get(RunFlags.SCALE_DOWN_ENABLED),
        values.get(RunFlags.SCALE_DOWN_UNNEEDED_TIME),
        values.get(RunFlags.SCALE_DOWN_DELAY_AFTER_ADD),
        values.get(RunFlags.SCALE_DOWN_UTILIZATION_THRESHOLD),
        values.get(RunFlags.SKIP_NODES_WITH_SYSTEM_PODS),
        values.get(RunFlags.SKIP_NODES_WITH_LOCAL_STORAGE),
        values.get(RunFlags.MAX_NODE_PROVISION_TIME),
        values.get(RunFlags.MAX_NODES_TOTAL),
        values.get(RunFlags.SCAN_INTERVAL),
        values.get(RunFlags.LEADER_ELECT_RESOURCE_NAME),
        values.get(RunFlags.STATUS_CONFIG_MAP_NAME),
        values.get(RunFlags.PRIORITY_CONFIG_MAP_NAME),
        values.get(RunFlags.MAX_POD_EVICTION_TIME),
        Duration.ofSeconds(values.get(RunFlags.MAX_GRACEFUL_TERMINATION_SEC)),
        values.get(RunFlags.MAX_INACTIVITY),
        values.get(RunFlags.MAX_FAILING_TIME),
        values.get(RunFlags.SCALE_DOWN_GPU_UTILIZATION_THRESHOLD),
        values.get(RunFlags.EXPENDABLE_PODS_PRIORITY_CUTOFF));
  }

  /** How often a scale-down drain retries refused evictions and checks that pods are gone. */
  public Duration drainPollInterval() {
    return DRAIN_POLL_INTERVAL;
  }

  /**
   * The autoscaler's flags alone (the autoscaler's rows of {@code run}'s table, with the process
   * environment for the region); for tests and tools that start the autoscaler without {@code run}.
   *
   * @throws IllegalArgumentException one line naming the flag: unknown flag, bad value, missing --cluster-name
   */
  public static AutoscalerSettings fromArgs(List<String> args) {
    return from(RunFlags.TABLE.only(UsedBy.AUTOSCALER).parse(args, System.getenv()));
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
        .scaleDownGpuUtilizationThreshold(scaleDownGpuUtilizationThreshold)
        .expendablePodsPriorityCutoff(expendablePodsPriorityCutoff)
        .seed(seed)
        .build();
  }
}
