package io.spotkube.constructs;

/** A Kubernetes taint effect. */
public enum TaintEffect {
  NO_SCHEDULE("NoSchedule"),
  PREFER_NO_SCHEDULE("PreferNoSchedule"),
  NO_EXECUTE("NoExecute");

  private final String kubernetesName;

  TaintEffect(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** The effect Kubernetes spells {@code name}, e.g. {@code NoSchedule}. */
  public static TaintEffect fromKubernetesName(String name) {
    for (TaintEffect effect : values()) {
      if (effect.kubernetesName.equals(name)) {
        return effect;
      }
    }
    throw new IllegalArgumentException("taint effect (" + name + ") must be one of NoSchedule, PreferNoSchedule, NoExecute");
  }

  /** As Kubernetes spells it, e.g. {@code NoSchedule}. */
  public String kubernetesName() {
    return kubernetesName;
  }
}
