package io.spotkube.runtime.ports;

import java.util.Optional;

/** EC2 DescribeInstances for one instance: private DNS name (node name fallback) and tags (managed tag check). */
public interface InstanceLookup {

  /** The instance, or empty when EC2 does not know it. */
  Optional<InstanceInfo> describe(String instanceId);
}
