package io.spotkube.runtime.ports;

import java.util.Objects;

/** What the drainer needs to know about a Kubernetes node. */
public record NodeInfo(String name, String providerId, boolean ready, boolean unschedulable) {

  public NodeInfo {
    Objects.requireNonNull(name, "name");
  }
}
