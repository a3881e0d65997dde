package io.spotkube.runtime.ports;

import java.util.Objects;

/**
 * What the drainer needs to know about a pod.
 *
 * @param ownerKind kind of the controlling owner (ReplicaSet, DaemonSet ...), null for a bare pod
 * @param mirror a static pod's mirror (annotation {@code kubernetes.io/config.mirror}): the API cannot evict it
 * @param terminationGracePeriodSeconds the pod's own grace period, null when unset
 * @param finished phase Succeeded or Failed: nothing left to stop
 */
public record PodInfo(String namespace, String name, String ownerKind, boolean mirror,
    Long terminationGracePeriodSeconds, boolean finished) {

  public PodInfo {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  public String key() {
    return namespace + "/" + name;
  }
}
