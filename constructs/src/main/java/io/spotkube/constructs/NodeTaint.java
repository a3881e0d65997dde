package io.spotkube.constructs;

import java.util.Objects;

/**
 * A taint the kubelet registers its node with, e.g. {@code NodeTaint.of("spot", "true", TaintEffect.NO_SCHEDULE)}.
 *
 * @param key    a qualified name such as {@code example.com/dedicated}
 * @param value  may be empty
 * @param effect what the taint does to pods that do not tolerate it
 */
public record NodeTaint(String key, String value, TaintEffect effect) {

  public NodeTaint {
    Objects.requireNonNull(key, "taint key");
    Objects.requireNonNull(effect, "taint effect");
    value = value == null ? "" : value;
    LabelRules.requireQualifiedName("taint key", key);
    LabelRules.requireValue("taint value of " + key, value);
  }

  public static NodeTaint of(String key, String value, TaintEffect effect) {
    return new NodeTaint(key, value, effect);
  }

  /** Parses the kubectl form {@code key=value:Effect} or {@code key:Effect}. */
  public static NodeTaint parse(String taint) {
    Objects.requireNonNull(taint, "taint");
    int colon = taint.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("taint (" + taint + ") must look like key=value:Effect");
    }
    String keyValue = taint.substring(0, colon);
    TaintEffect effect = TaintEffect.fromKubernetesName(taint.substring(colon + 1));
    int equals = keyValue.indexOf('=');
    return equals < 0
        ? new NodeTaint(keyValue, "", effect)
        : new NodeTaint(keyValue.substring(0, equals), keyValue.substring(equals + 1), effect);
  }

  /** The kubectl form, {@code key=value:Effect} (or {@code key:Effect} without a value). */
  @Override
  public String toString() {
    return value.isEmpty() ? key + ":" + effect.kubernetesName() : toKubeletFlag();
  }

  /** The kubelet's {@code --register-with-taints} form: {@code key=value:Effect}. */
  public String toKubeletFlag() {
    return key + "=" + value + ":" + effect.kubernetesName();
  }
}
