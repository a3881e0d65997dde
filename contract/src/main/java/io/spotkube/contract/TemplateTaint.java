package io.spotkube.contract;

import java.util.List;
import java.util.Objects;

/**
 * A taint of a template node, as the tag {@code k8s.io/cluster-autoscaler/node-template/taint/<key>}
 * = {@code value:Effect} carries it.
 *
 * @param key    the taint's key
 * @param value  may be empty
 * @param effect as Kubernetes spells it: one of {@link #EFFECTS}
 */
public record TemplateTaint(String key, String value, String effect) {

  /** The taint effects Kubernetes knows. */
  public static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  public TemplateTaint {
    Objects.requireNonNull(key, "taint key");
    Objects.requireNonNull(effect, "taint effect");
    value = value == null ? "" : value;
    if (!EFFECTS.contains(effect)) {
      throw new IllegalArgumentException("taint " + key + ": effect '" + effect
          + "' is not NoSchedule, PreferNoSchedule or NoExecute");
    }
  }

  public static TemplateTaint of(String key, String value, String effect) {
    return new TemplateTaint(key, value, effect);
  }
}
