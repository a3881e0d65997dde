package io.spotkube.runtime.ports;

import java.util.Map;
import java.util.Objects;

/**
 * What EC2 DescribeInstances tells the handler about one instance.
 *
 * @param state EC2's instance state name (pending, running, shutting-down, terminated, ...)
 */
public record InstanceInfo(String instanceId, String privateDnsName, Map<String, String> tags, String state) {

  public InstanceInfo {
    Objects.requireNonNull(instanceId, "instanceId");
    tags = Map.copyOf(tags);
  }

  /** Shutting down or terminated: its node will never be Ready again. */
  public boolean gone() {
    return "shutting-down".equals(state) || "terminated".equals(state);
  }
}
