package io.spotkube.runtime.model;

import java.util.Objects;

/** A node taint; {@code effect} is NoSchedule, PreferNoSchedule or NoExecute. */
public record Taint(String key, String value, String effect) {

  public Taint {
    Objects.requireNonNull(key, "key");
    value = value == null ? "" : value;
    Objects.requireNonNull(effect, "effect");
  }

  /** PreferNoSchedule is only a preference: the scheduler's filter, and so the simulation, ignore it. */
  public boolean blocksScheduling() {
    return effect.equals("NoSchedule") || effect.equals("NoExecute");
  }

  @Override
  public String toString() {
    return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }
}
