package io.spotkube.runtime.ports;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * EC2 DescribeInstances: private DNS name and IP (node identity, node name fallback) and tags
 * (ownership and managed tag checks).
 */
public interface InstanceLookup {

  /** The instance, or empty when EC2 does not know it. */
  Optional<InstanceInfo> describe(String instanceId);

  /**
   * The instances EC2 knows among {@code instanceIds} (absent ones are left out). Adapters answer
   * with as few calls as the API allows; this default asks one at a time.
   */
  default Map<String, InstanceInfo> describeAll(Collection<String> instanceIds) {
    Map<String, InstanceInfo> found = new LinkedHashMap<>();
    for (String id : instanceIds) {
      describe(id).ifPresent(info -> found.put(id, info));
    }
    return found;
  }
}
