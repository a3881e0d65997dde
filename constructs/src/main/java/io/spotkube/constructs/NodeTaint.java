package io.spotkube.constructs;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A taint the kubelet registers its node with, e.g. {@code NodeTaint.of("spot", "true", TaintEffect.NO_SCHEDULE)}.
 *
 * @param key    a qualified name such as {@code example.com/dedicated}
 * @param value  may be empty
 * @param effect what the taint does to pods that do not tolerate it
 */
public record NodeTaint(String key, String value, TaintEffect effect) {

  private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

  public NodeTaint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(effect, "effect");
    value = value == null ? "" : value;
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("taint key '" + key + "' is not a valid Kubernetes qualified name");
    }
  }

  public static NodeTaint of(String key, String value, TaintEffect effect) {
    return new NodeTaint(key, value, effect);
  }

  /** The kubelet's {@code --register-with-taints} form: {@code key=value:Effect}. */
  public String toKubeletFlag() {
    return key + "=" + value + ":" + effect.kubernetesName();
  }

  /** cluster-autoscaler's node-template taint tag value: {@code value:Effect}. */
  public String toTemplateTagValue() {
    return value + ":" + effect.kubernetesName();
  }
}
