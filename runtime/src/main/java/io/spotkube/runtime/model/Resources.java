package io.spotkube.runtime.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Amounts of the resources the scheduler counts: cpu in millicores, memory and ephemeral storage in
 * bytes, a pod count, and extended resources such as {@code nvidia.com/gpu} in whole units.
 *
 * <p>The four standard resources are fields rather than map entries because the simulation compares
 * them millions of times per decision.
 */
public record Resources(long cpuMillis, long memoryBytes, long ephemeralStorageBytes, long pods,
    Map<String, Long> extended) {

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String PODS = "pods";

  public static final Resources NONE = new Resources(0, 0, 0, 0, Map.of());

  public Resources {
    extended = extended.isEmpty() ? Map.of() : Map.copyOf(extended);
    if (cpuMillis < 0 || memoryBytes < 0 || ephemeralStorageBytes < 0 || pods < 0) {
      throw new IllegalArgumentException("resources must not be negative: " + cpuMillis + "m cpu, "
          + memoryBytes + " memory, " + ephemeralStorageBytes + " ephemeral-storage, " + pods + " pods");
    }
  }

  /** From a Kubernetes resource list; {@code field} names the map in error messages. */
  public static Resources fromQuantities(String field, Map<String, Quantity> quantities) {
    long cpu = 0;
    long memory = 0;
    long ephemeral = 0;
    long pods = 0;
    Map<String, Long> extended = new TreeMap<>();
    for (Map.Entry<String, Quantity> entry : quantities.entrySet()) {
      Quantity quantity = Objects.requireNonNull(entry.getValue(), field + "." + entry.getKey());
      switch (entry.getKey()) {
        case CPU -> cpu = quantity.milliValue();
        case MEMORY -> memory = quantity.value();
        case EPHEMERAL_STORAGE -> ephemeral = quantity.value();
        case PODS -> pods = quantity.value();
        default -> extended.put(entry.getKey(), quantity.value());
      }
    }
    return new Resources(cpu, memory, ephemeral, pods, extended);
  }

  public static Builder builder() {
    return new Builder();
  }

  public long extended(String name) {
    return extended.getOrDefault(name, 0L);
  }

  /**
   * The first resource of {@code request} that does not fit into {@code this} (as free capacity), or
   * null when everything fits. A pod always needs one pod slot, so {@code pods} is checked here too.
   */
  public String firstShortage(Resources request) {
    if (request.cpuMillis > cpuMillis) {
      return CPU;
    }
    if (request.memoryBytes > memoryBytes) {
      return MEMORY;
    }
    if (request.pods > pods) {
      return PODS;
    }
    if (request.ephemeralStorageBytes > ephemeralStorageBytes) {
      return EPHEMERAL_STORAGE;
    }
    if (!request.extended.isEmpty()) {
      for (Map.Entry<String, Long> entry : request.extended.entrySet()) {
        if (entry.getValue() > extended(entry.getKey())) {
          return entry.getKey();
        }
      }
    }
    return null;
  }

  public Resources plus(Resources other) {
    return new Resources(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes,
        ephemeralStorageBytes + other.ephemeralStorageBytes, pods + other.pods, mergeExtended(other, 1));
  }

  /** Subtraction that may go below zero is a bug in the caller; it throws. */
  public Resources minus(Resources other) {
    return new Resources(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes,
        ephemeralStorageBytes - other.ephemeralStorageBytes, pods - other.pods, mergeExtended(other, -1));
  }

  private Map<String, Long> mergeExtended(Resources other, int sign) {
    if (other.extended.isEmpty()) {
      return extended;
    }
    Map<String, Long> merged = new TreeMap<>(extended);
    other.extended.forEach((name, amount) -> merged.merge(name, sign * amount, Long::sum));
    return merged;
  }

  /** A request with one pod slot added, the way the scheduler counts a pod against {@code pods}. */
  public Resources withOnePod() {
    return new Resources(cpuMillis, memoryBytes, ephemeralStorageBytes, 1, extended);
  }

  public static final class Builder {
    private long cpuMillis;
    private long memoryBytes;
    private long ephemeralStorageBytes;
    private long pods;
    private final Map<String, Long> extended = new TreeMap<>();

    public Builder cpuMillis(long value) {
      this.cpuMillis = value;
      return this;
    }

    public Builder memoryBytes(long value) {
      this.memoryBytes = value;
      return this;
    }

    public Builder ephemeralStorageBytes(long value) {
      this.ephemeralStorageBytes = value;
      return this;
    }

    public Builder pods(long value) {
      this.pods = value;
      return this;
    }

    public Builder extended(String name, long value) {
      this.extended.put(name, value);
      return this;
    }

    public Resources build() {
      return new Resources(cpuMillis, memoryBytes, ephemeralStorageBytes, pods, extended);
    }
  }
}
