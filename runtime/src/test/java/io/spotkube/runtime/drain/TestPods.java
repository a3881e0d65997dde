package io.spotkube.runtime.drain;

import io.spotkube.runtime.model.Pod;

/** Pods as a drain sees them, for tests. */
final class TestPods {

  private TestPods() {
  }

  static Pod pod(String namespace, String name, String ownerKind, boolean mirror, Long grace, boolean finished) {
    return Pod.builder(namespace, name).nodeName("node-a").ownerKind(ownerKind).mirror(mirror)
        .terminationGracePeriodSeconds(grace).finished(finished).build();
  }
}
