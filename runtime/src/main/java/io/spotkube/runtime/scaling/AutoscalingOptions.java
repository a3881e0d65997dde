package io.spotkube.runtime.scaling;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The knobs of one decision, named after cluster-autoscaler's flags. Defaults are the
 * {@code plan} contract's (and upstream's where the contract is silent).
 *
 * @param expander                       comma list of expander names, the first filters first
 * @param priorities                     priority expander rules: priority -> regexes of group names
 * @param maxNodesTotal                  cap on all nodes of the cluster, 0 = no cap
 * @param scaleDownDelayAfterAddSeconds  no scale-down until this long after a scale-up (upstream 10 min)
 * @param secondsSinceLastScaleUp        how long ago the last scale-up was, measured by the caller
 * @param maxEmptyBulkDelete             empty nodes removed per loop (upstream default 10)
 * @param maxDrainParallelism            non-empty nodes removed per loop (upstream default 1)
 * @param expendablePodsPriorityCutoff  pods below this priority neither trigger scale-up nor block scale-down (upstream -10)
 * @param scaleDownGpuUtilizationThreshold  the threshold for nodes with GPUs, whose utilization is their GPUs' (upstream 0.5)
 * @param scaleDownUnreadyEnabled        false: an unready node is never a scale-down candidate (upstream true)
 * @param scaleDownUnreadyTimeSeconds    how long an unready node must be unneeded, instead of
 *                                       {@code scaleDownUnneededTimeSeconds} (upstream 20 min)
 * @param seed                           seed of the random expander, so a plan is repeatable
 */
public record AutoscalingOptions(
    String expander,
    Map<Integer, List<String>> priorities,
    boolean balanceSimilarNodeGroups,
    int maxNodesTotal,
    boolean scaleDownEnabled,
    double scaleDownUtilizationThreshold,
    long scaleDownUnneededTimeSeconds,
    long scaleDownDelayAfterAddSeconds,
    long secondsSinceLastScaleUp,
    boolean skipNodesWithSystemPods,
    boolean skipNodesWithLocalStorage,
    int maxEmptyBulkDelete,
    int maxDrainParallelism,
    int expendablePodsPriorityCutoff,
    long seed,
    double scaleDownGpuUtilizationThreshold,
    boolean scaleDownUnreadyEnabled,
    long scaleDownUnreadyTimeSeconds) {

  public AutoscalingOptions {
    Objects.requireNonNull(expander, "expander");
    Map<Integer, List<String>> copy = new TreeMap<>();
    priorities.forEach((priority, regexes) -> copy.put(priority, List.copyOf(regexes)));
    priorities = Map.copyOf(copy);
    requireNotNegative("maxNodesTotal", maxNodesTotal);
    requireNotNegative("scaleDownUnneededTimeSeconds", scaleDownUnneededTimeSeconds);
    requireNotNegative("scaleDownUnreadyTimeSeconds", scaleDownUnreadyTimeSeconds);
    requireNotNegative("scaleDownDelayAfterAddSeconds", scaleDownDelayAfterAddSeconds);
    requireNotNegative("secondsSinceLastScaleUp", secondsSinceLastScaleUp);
    requireNotNegative("maxEmptyBulkDelete", maxEmptyBulkDelete);
    requireNotNegative("maxDrainParallelism", maxDrainParallelism);
    if (!(scaleDownUtilizationThreshold >= 0 && scaleDownUtilizationThreshold <= 1)) {
      throw new IllegalArgumentException("scaleDownUtilizationThreshold must be between 0 and 1, was "
          + scaleDownUtilizationThreshold);
    }
    if (!(scaleDownGpuUtilizationThreshold >= 0 && scaleDownGpuUtilizationThreshold <= 1)) {
      throw new IllegalArgumentException("scaleDownGpuUtilizationThreshold must be between 0 and 1, was "
          + scaleDownGpuUtilizationThreshold);
    }
  }

  private static void requireNotNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
  }

  public static AutoscalingOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().expander(expander).priorities(priorities).balanceSimilarNodeGroups(balanceSimilarNodeGroups)
        .maxNodesTotal(maxNodesTotal).scaleDownEnabled(scaleDownEnabled)
        .scaleDownUtilizationThreshold(scaleDownUtilizationThreshold)
        .scaleDownUnneededTimeSeconds(scaleDownUnneededTimeSeconds)
        .scaleDownDelayAfterAddSeconds(scaleDownDelayAfterAddSeconds).secondsSinceLastScaleUp(secondsSinceLastScaleUp)
        .skipNodesWithSystemPods(skipNodesWithSystemPods).skipNodesWithLocalStorage(skipNodesWithLocalStorage)
        .maxEmptyBulkDelete(maxEmptyBulkDelete).maxDrainParallelism(maxDrainParallelism)
        .expendablePodsPriorityCutoff(expendablePodsPriorityCutoff).seed(seed)
        .scaleDownGpuUtilizationThreshold(scaleDownGpuUtilizationThreshold)
        .scaleDownUnreadyEnabled(scaleDownUnreadyEnabled).scaleDownUnreadyTimeSeconds(scaleDownUnreadyTimeSeconds);
  }

  public static final class Builder {
    private String expander = "least-waste";
    private Map<Integer, List<String>> priorities = Map.of();
    private boolean balanceSimilarNodeGroups;
    private int maxNodesTotal;
    private boolean scaleDownEnabled = true;
    private double scaleDownUtilizationThreshold = 0.5;
    private long scaleDownUnneededTimeSeconds = 600;
    private long scaleDownDelayAfterAddSeconds = 600;
    private long secondsSinceLastScaleUp = 3600;
    private boolean skipNodesWithSystemPods = true;
    private boolean skipNodesWithLocalStorage = true;
    private int maxEmptyBulkDelete = 10;
    private int maxDrainParallelism = 1;
    private int expendablePodsPriorityCutoff = -10;
    private long seed = 1;
    private double scaleDownGpuUtilizationThreshold = 0.5;
    private boolean scaleDownUnreadyEnabled = true;
    private long scaleDownUnreadyTimeSeconds = 1200;

    public Builder expander(String value) {
      this.expander = value;
      return this;
    }

    public Builder priorities(Map<Integer, List<String>> value) {
      this.priorities = value;
      return this;
    }

    public Builder balanceSimilarNodeGroups(boolean value) {
      this.balanceSimilarNodeGroups = value;
      return this;
    }

    public Builder maxNodesTotal(int value) {
      this.maxNodesTotal = value;
      return this;
    }

    public Builder scaleDownEnabled(boolean value) {
      this.scaleDownEnabled = value;
      return this;
    }

    public Builder scaleDownUtilizationThreshold(double value) {
      this.scaleDownUtilizationThreshold = value;
      return this;
    }

    public Builder scaleDownUnneededTimeSeconds(long value) {
      this.scaleDownUnneededTimeSeconds = value;
      return this;
    }

    public Builder scaleDownDelayAfterAddSeconds(long value) {
      this.scaleDownDelayAfterAddSeconds = value;
      return this;
    }

    public Builder secondsSinceLastScaleUp(long value) {
      this.secondsSinceLastScaleUp = value;
      return this;
    }

    public Builder skipNodesWithSystemPods(boolean value) {
      this.skipNodesWithSystemPods = value;
      return this;
    }

    public Builder skipNodesWithLocalStorage(boolean value) {
      this.skipNodesWithLocalStorage = value;
      return this;
    }

    public Builder maxEmptyBulkDelete(int value) {
      this.maxEmptyBulkDelete = value;
      return this;
    }

    public Builder maxDrainParallelism(int value) {
      this.maxDrainParallelism = value;
      return this;
    }

    public Builder expendablePodsPriorityCutoff(int value) {
      this.expendablePodsPriorityCutoff = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder scaleDownGpuUtilizationThreshold(double value) {
      this.scaleDownGpuUtilizationThreshold = value;
      return this;
    }

    public Builder scaleDownUnreadyEnabled(boolean value) {
      this.scaleDownUnreadyEnabled = value;
      return this;
    }

    public Builder scaleDownUnreadyTimeSeconds(long value) {
      this.scaleDownUnreadyTimeSeconds = value;
      return this;
    }

    public AutoscalingOptions build() {
      return new AutoscalingOptions(expander, priorities, balanceSimilarNodeGroups, maxNodesTotal, scaleDownEnabled,
          scaleDownUtilizationThreshold, scaleDownUnneededTimeSeconds, scaleDownDelayAfterAddSeconds,
          secondsSinceLastScaleUp, skipNodesWithSystemPods, skipNodesWithLocalStorage, maxEmptyBulkDelete,
          maxDrainParallelism, expendablePodsPriorityCutoff, seed, scaleDownGpuUtilizationThreshold,
          scaleDownUnreadyEnabled, scaleDownUnreadyTimeSeconds);
    }
  }
}
