package io.spotkube.constructs;

import java.util.ArrayList;
import java.util.List;

/**
 * Spare capacity kept warm by pause pods ({@link SpotKubernetesCluster#addHeadroom}): {@code replicas}
 * pods of {@code cpu} and {@code memory} each, at a negative priority any workload preempts.
 */
public final class HeadroomProps {

  private final String cpu;
  private final String memory;
  private final int replicas;
  private final int priority;
  private final List<String> zones;

  private HeadroomProps(Builder b) {
    this.cpu = b.cpu;
    this.memory = b.memory;
    this.replicas = b.replicas;
    this.priority = b.priority;
    this.zones = List.copyOf(b.zones);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** CPU each pause pod holds, a Kubernetes quantity ({@code "500m"}, {@code "1"}). Required. */
  public String getCpu() {
    return cpu;
  }

  /** Memory each pause pod holds ({@code "1Gi"}). Required. */
  public String getMemory() {
    return memory;
  }

  /** Pause pods (per zone when zones are given). @default 1 */
  public int getReplicas() {
    return replicas;
  }

  /**
   * The PriorityClass's value. Negative, so every workload preempts the pause pods, and at or above
   * the runtime's {@code --expendable-pods-priority-cutoff} (-10), so a preempted pause pod still
   * triggers a scale-up. @default -1 (cluster-autoscaler's FAQ)
   */
  public int getPriority() {
    return priority;
  }

  /** Zones to keep headroom in, {@code replicas} pods each. @default - one Deployment, any zone */
  public List<String> getZones() {
    return zones;
  }

  public static final class Builder {
    private String cpu;
    private String memory;
    private int replicas = 1;
    private int priority = -1;
    private final List<String> zones = new ArrayList<>();

    public Builder cpu(String value) {
      this.cpu = value;
      return this;
    }

    public Builder memory(String value) {
      this.memory = value;
      return this;
    }

    public Builder replicas(int value) {
      this.replicas = value;
      return this;
    }

    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    public Builder zones(List<String> values) {
      zones.clear();
      zones.addAll(values);
      return this;
    }

    public HeadroomProps build() {
      return new HeadroomProps(this);
    }
  }
}
