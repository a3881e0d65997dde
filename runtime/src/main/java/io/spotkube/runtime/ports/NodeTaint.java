package io.spotkube.runtime.ports;

import java.util.Objects;

/** A node taint to add (key, value, effect as in the Kubernetes API). */
public record NodeTaint(String key, String value, String effect) {

  public NodeTaint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(effect, "effect");
  }
}
