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

  /** As Kubernetes spells it, e.g. {@code NoSchedule}. */
  public String kubernetesName() {
    return kubernetesName;
  }
}
