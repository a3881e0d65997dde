package io.spotkube.constructs;

import io.spotkube.constructs.manifests.RuntimeManifestsProps;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;

/**
 * The runtime's autoscaler options, shared by {@link SpotKubernetesClusterProps} and
 * {@code SpotEksClusterProps}: the cluster-autoscaler flags a Helm chart user sets, and the
 * runtime's size. One definition, one validation and one mapping to the runtime's manifest for
 * both clusters; only the defaults differ, set by each cluster's builder (cluster-autoscaler's
 * own for the kubeadm cluster, the EKS guide's for EKS).
 */
public abstract class RuntimeOptions {

  private final String expander;
  private final Map<Integer, List<String>> expanderPriorities;
  private final boolean balanceSimilarNodeGroups;
  private final boolean scaleDownEnabled;
  private final Duration scaleDownUnneededTime;
  private final Duration scaleDownDelayAfterAdd;
  private final boolean skipNodesWithSystemPods;
  private final boolean skipNodesWithLocalStorage;
  private final Duration scanInterval;
  private final Duration maxNodeProvisionTime;
  private final int runtimeCpuRequestMillis;
  private final int runtimeCpuLimitMillis;
  private final int runtimeMemoryMib;

  protected RuntimeOptions(Builder<?> b) {
    this.expander = b.expander;
    this.expanderPriorities = Collections.unmodifiableMap(new TreeMap<>(b.expanderPriorities));
    this.balanceSimilarNodeGroups = b.balanceSimilarNodeGroups;
    this.scaleDownEnabled = b.scaleDownEnabled;
    this.scaleDownUnneededTime = b.scaleDownUnneededTime;
    this.scaleDownDelayAfterAdd = b.scaleDownDelayAfterAdd;
    this.skipNodesWithSystemPods = b.skipNodesWithSystemPods;
    this.skipNodesWithLocalStorage = b.skipNodesWithLocalStorage;
    this.scanInterval = b.scanInterval;
    this.maxNodeProvisionTime = b.maxNodeProvisionTime;
    this.runtimeCpuRequestMillis = b.runtimeCpuRequestMillis;
    this.runtimeCpuLimitMillis = b.runtimeCpuLimitMillis;
    this.runtimeMemoryMib = b.runtimeMemoryMib;
  }

  /**
   * The autoscaler's expander chain, e.g. {@code "priority,least-waste"}.
   * @default "random" (cluster-autoscaler's) on SpotKubernetesCluster, "least-waste" (the EKS guide's) on SpotEksCluster
   */
  public String getExpander() {
    return expander;
  }

  /** Regexes per priority for the priority expander (its ConfigMap). @default - none */
  public Map<Integer, List<String>> getExpanderPriorities() {
    return expanderPriorities;
  }

  /** @default true */
  public boolean isBalanceSimilarNodeGroups() {
    return balanceSimilarNodeGroups;
  }

  /** @default true */
  public boolean isScaleDownEnabled() {
    return scaleDownEnabled;
  }

  /** @default Duration.minutes(10) (cluster-autoscaler's default) */
  public Duration getScaleDownUnneededTime() {
    return scaleDownUnneededTime;
  }

  /** @default Duration.minutes(10) (cluster-autoscaler's default) */
  public Duration getScaleDownDelayAfterAdd() {
    return scaleDownDelayAfterAdd;
  }

  /**
   * Nodes running kube-system pods (other than DaemonSet and mirror pods) without a
   * PodDisruptionBudget are not scaled down ({@code --skip-nodes-with-system-pods}).
   * @default true on SpotKubernetesCluster (cluster-autoscaler's), false on SpotEksCluster (the EKS guide's)
   */
  public boolean isSkipNodesWithSystemPods() {
    return skipNodesWithSystemPods;
  }

  /**
   * Nodes running pods with emptyDir or hostPath volumes are not scaled down.
   * @default true on SpotKubernetesCluster (cluster-autoscaler's), false on SpotEksCluster (the EKS guide's)
   */
  public boolean isSkipNodesWithLocalStorage() {
    return skipNodesWithLocalStorage;
  }

  /** Time between the autoscaler's loops ({@code --scan-interval}). @default Duration.seconds(10) */
  public Duration getScanInterval() {
    return scanInterval;
  }

  /**
   * How long a scale-up may wait for its nodes to register before the group is backed off
   * ({@code --max-node-provision-time}). @default Duration.minutes(15)
   */
  public Duration getMaxNodeProvisionTime() {
    return maxNodeProvisionTime;
  }

  /** The runtime container's CPU request, in millicores (the guide: more for big clusters). @default 100 */
  public int getRuntimeCpuRequestMillis() {
    return runtimeCpuRequestMillis;
  }

  /** The runtime container's CPU limit, in millicores; at least the request. @default 1000 */
  public int getRuntimeCpuLimitMillis() {
    return runtimeCpuLimitMillis;
  }

  /**
   * The runtime container's memory request and limit (one value: the JVM sizes its heap from the
   * limit, and a request below it could get the pod evicted under memory pressure). @default 512
   */
  public int getRuntimeMemoryMib() {
    return runtimeMemoryMib;
  }

  /**
   * Checks these options (the error names the construct, its path and the prop) and returns the
   * runtime manifest's props with them set; the cluster adds what only it knows (name, image,
   * queue, placement).
   */
  public RuntimeManifestsProps.Builder toRuntimeManifestProps(String constructType, String path) {
    validate(new PropValidation(constructType, path));
    return RuntimeManifestsProps.builder()
        .expander(expander)
        .priorities(expanderPriorities)
        .balanceSimilarNodeGroups(balanceSimilarNodeGroups)
        .scaleDownEnabled(scaleDownEnabled)
        .scaleDownUnneededTime(seconds(scaleDownUnneededTime))
        .scaleDownDelayAfterAdd(seconds(scaleDownDelayAfterAdd))
        .skipNodesWithSystemPods(skipNodesWithSystemPods)
        .skipNodesWithLocalStorage(skipNodesWithLocalStorage)
        .scanInterval(seconds(scanInterval))
        .maxNodeProvisionTime(seconds(maxNodeProvisionTime))
        .cpuRequestMillis(runtimeCpuRequestMillis)
        .cpuLimitMillis(runtimeCpuLimitMillis)
        .memoryMib(runtimeMemoryMib);
  }

  /** The options' own checks; the kubeadm cluster runs them first, with its other props. */
  void validate(PropValidation validation) {
    if (scanInterval.toSeconds().doubleValue() < 1) {
      throw validation.error("scanInterval", "(" + scanInterval + ") must be at least 1 second");
    }
    if (maxNodeProvisionTime.toSeconds().doubleValue() < 60) {
      throw validation.error("maxNodeProvisionTime", "(" + maxNodeProvisionTime
          + ") must be at least 1 minute: nodes take that long to boot and join");
    }
    validation.requireRange("runtimeCpuRequestMillis", runtimeCpuRequestMillis, 10, 64000);
    validation.requireOrdered("runtimeCpuRequestMillis", runtimeCpuRequestMillis,
        "runtimeCpuLimitMillis", runtimeCpuLimitMillis);
    validation.requireRange("runtimeMemoryMib", runtimeMemoryMib, 256, 65536);
  }

  private static java.time.Duration seconds(Duration duration) {
    return java.time.Duration.ofSeconds(duration.toSeconds().longValue());
  }

  /**
   * The options' builder methods, shared by the clusters' builders ({@code B} is the cluster's
   * builder, so a chain keeps its type).
   */
  public abstract static class Builder<B extends Builder<B>> {
    private String expander;
    private Map<Integer, List<String>> expanderPriorities = Map.of();
    private boolean balanceSimilarNodeGroups = true;
    private boolean scaleDownEnabled = true;
    private Duration scaleDownUnneededTime = Duration.minutes(10);
    private Duration scaleDownDelayAfterAdd = Duration.minutes(10);
    private boolean skipNodesWithSystemPods;
    private boolean skipNodesWithLocalStorage;
    private Duration scanInterval = Duration.seconds(10);
    private Duration maxNodeProvisionTime = Duration.minutes(15);
    private int runtimeCpuRequestMillis = 100;
    private int runtimeCpuLimitMillis = 1000;
    private int runtimeMemoryMib = 512;

    /** The defaults that differ between the clusters. */
    protected Builder(String expander, boolean skipNodesWithSystemPods, boolean skipNodesWithLocalStorage) {
      this.expander = expander;
      this.skipNodesWithSystemPods = skipNodesWithSystemPods;
      this.skipNodesWithLocalStorage = skipNodesWithLocalStorage;
    }

    protected abstract B self();

    public B expander(String expander) {
      this.expander = Objects.requireNonNull(expander, "expander");
      return self();
    }

    public B expanderPriorities(Map<Integer, List<String>> expanderPriorities) {
      this.expanderPriorities = Objects.requireNonNull(expanderPriorities, "expanderPriorities");
      return self();
    }

    public B balanceSimilarNodeGroups(boolean balanceSimilarNodeGroups) {
      this.balanceSimilarNodeGroups = balanceSimilarNodeGroups;
      return self();
    }

    public B scaleDownEnabled(boolean scaleDownEnabled) {
      this.scaleDownEnabled = scaleDownEnabled;
      return self();
    }

    public B scaleDownUnneededTime(Duration scaleDownUnneededTime) {
      this.scaleDownUnneededTime = Objects.requireNonNull(scaleDownUnneededTime, "scaleDownUnneededTime");
      return self();
    }

    public B scaleDownDelayAfterAdd(Duration scaleDownDelayAfterAdd) {
      this.scaleDownDelayAfterAdd = Objects.requireNonNull(scaleDownDelayAfterAdd, "scaleDownDelayAfterAdd");
      return self();
    }

    public B skipNodesWithSystemPods(boolean skipNodesWithSystemPods) {
      this.skipNodesWithSystemPods = skipNodesWithSystemPods;
      return self();
    }

    public B skipNodesWithLocalStorage(boolean skipNodesWithLocalStorage) {
      this.skipNodesWithLocalStorage = skipNodesWithLocalStorage;
      return self();
    }

    public B scanInterval(Duration scanInterval) {
      this.scanInterval = Objects.requireNonNull(scanInterval, "scanInterval");
      return self();
    }

    public B maxNodeProvisionTime(Duration maxNodeProvisionTime) {
      this.maxNodeProvisionTime = Objects.requireNonNull(maxNodeProvisionTime, "maxNodeProvisionTime");
      return self();
    }

    public B runtimeCpuRequestMillis(int runtimeCpuRequestMillis) {
      this.runtimeCpuRequestMillis = runtimeCpuRequestMillis;
      return self();
    }

    public B runtimeCpuLimitMillis(int runtimeCpuLimitMillis) {
      this.runtimeCpuLimitMillis = runtimeCpuLimitMillis;
      return self();
    }

    public B runtimeMemoryMib(int runtimeMemoryMib) {
      this.runtimeMemoryMib = runtimeMemoryMib;
      return self();
    }
  }
}
