package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.flags.FlagValues;
import io.spotkube.runtime.flags.RunFlags;
import io.spotkube.runtime.flags.UsedBy;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.expander.Expanders;
import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.runtime.ports.StaticNodeGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The autoscaler's configuration from cluster-autoscaler's flags, with upstream's defaults:
 * {@code --expander=random --scale-down-unneeded-time=10m --scale-down-unready-time=20m --scale-down-delay-after-add=10m
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
    boolean scaleDownUnreadyEnabled,
    Duration scaleDownUnreadyTime,
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
    int expendablePodsPriorityCutoff,
    // which groups, how many replicas act, whether they write (issue 14)
    List<StaticNodeGroup> staticGroups,
    boolean discoverByTags,
    boolean leaderElect,
    boolean dryRun) {

  /** upstream's {@code --leader-elect-resource-name} default. */
  static final String DEFAULT_LEASE = "cluster-autoscaler";
  /** How often a scale-down drain retries refused evictions and checks that pods are gone. */
  static final Duration DRAIN_POLL_INTERVAL = Duration.ofSeconds(1);

  public AutoscalerSettings {
    Objects.requireNonNull(clusterName, "clusterName");
    staticGroups = List.copyOf(staticGroups);
    if (discoverByTags && clusterName.isBlank()) {
      throw new IllegalArgumentException("--cluster-name must not be empty");
    }
    if (!discoverByTags && staticGroups.isEmpty()) {
      throw new IllegalArgumentException("no node groups: give --node-group-auto-discovery, --cluster-name or --nodes");
    }
    if (staticGroups.stream().map(StaticNodeGroup::name).distinct().count() != staticGroups.size()) {
      throw new IllegalArgumentException("--nodes names a group twice: " + staticGroups);
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
    List<StaticNodeGroup> staticGroups = values.all(RunFlags.NODES);
    Optional<String> discovery = values.find(RunFlags.NODE_GROUP_AUTO_DISCOVERY);
    // Upstream discovers only with the discovery flag; here --cluster-name alone means it too (what
    // the constructs wrote before they wrote the discovery flag), unless --nodes names the groups.
    boolean discoverByTags = discovery.isPresent() || staticGroups.isEmpty();
    Optional<String> cluster = values.find(RunFlags.CLUSTER_NAME)
        .or(() -> discovery.flatMap(AutoscalerDiscoveryTags::clusterName));
    if (discoverByTags && cluster.isEmpty()) {
      throw new IllegalArgumentException(discovery.isPresent()
          ? "--node-group-auto-discovery: '" + discovery.get() + "' names no k8s.io/cluster-autoscaler/<cluster> "
              + "tag; add it or give --cluster-name"
          : "--cluster-name is required (the k8s.io/cluster-autoscaler/<cluster> tag)");
    }
    String cloudProvider = values.get(RunFlags.CLOUD_PROVIDER);
    if (!cloudProvider.equals("aws")) {
      throw new IllegalArgumentException("--cloud-provider: '" + cloudProvider + "' is not supported; only aws");
    }
    String leaseName = values.find(RunFlags.LEADER_ELECT_RESOURCE_NAME)
        .orElseGet(() -> discoverByTags ? DEFAULT_LEASE : shardLease(staticGroups));
    return new AutoscalerSettings(
        cluster.orElse(""),
        values.find(RunFlags.AWS_REGION).orElse(""),
        values.get(RunFlags.NAMESPACE),
        values.get(RunFlags.EXPANDER),
        values.get(RunFlags.BALANCE_SIMILAR_NODE_GROUPS),
        values.get(RunFlags.SCALE_DOWN_ENABLED),
        values.get(RunFlags.SCALE_DOWN_UNNEEDED_TIME),
        values.get(RunFlags.SCALE_DOWN_UNREADY_ENABLED),
        values.get(RunFlags.SCALE_DOWN_UNREADY_TIME),
        values.get(RunFlags.SCALE_DOWN_DELAY_AFTER_ADD),
        values.get(RunFlags.SCALE_DOWN_UTILIZATION_THRESHOLD),
        values.get(RunFlags.SKIP_NODES_WITH_SYSTEM_PODS),
        values.get(RunFlags.SKIP_NODES_WITH_LOCAL_STORAGE),
        values.get(RunFlags.MAX_NODE_PROVISION_TIME),
        values.get(RunFlags.MAX_NODES_TOTAL),
        values.get(RunFlags.SCAN_INTERVAL),
        leaseName,
        values.get(RunFlags.STATUS_CONFIG_MAP_NAME),
        values.get(RunFlags.PRIORITY_CONFIG_MAP_NAME),
        values.get(RunFlags.MAX_POD_EVICTION_TIME),
        Duration.ofSeconds(values.get(RunFlags.MAX_GRACEFUL_TERMINATION_SEC)),
        values.get(RunFlags.MAX_INACTIVITY),
        values.get(RunFlags.MAX_FAILING_TIME),
        values.get(RunFlags.SCALE_DOWN_GPU_UTILIZATION_THRESHOLD),
        values.get(RunFlags.EXPENDABLE_PODS_PRIORITY_CUTOFF),
        staticGroups,
        discoverByTags,
        values.get(RunFlags.LEADER_ELECT),
        values.get(RunFlags.DRY_RUN));
  }

  /**
   * The Lease of a shard (runtimes given disjoint {@code --nodes} and no discovery): named after its
   * groups, so two shards never share one and each has its active replica.
   */
  static String shardLease(List<StaticNodeGroup> groups) {
    String names = String.join(",", groups.stream().map(StaticNodeGroup::name).sorted().toList());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(names.getBytes(StandardCharsets.UTF_8));
      return DEFAULT_LEASE + "-" + HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
        .scaleDownUnreadyEnabled(scaleDownUnreadyEnabled)
        .scaleDownUnreadyTimeSeconds(scaleDownUnreadyTime.toSeconds())
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
