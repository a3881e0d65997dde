package io.spotkube.runtime.ports;

import java.util.Map;
import java.util.Objects;

/** What EC2 DescribeInstances tells the handler about one instance. */
public record InstanceInfo(String instanceId, String privateDnsName, Map<String, String> tags) {

  public InstanceInfo {
    Objects.requireNonNull(instanceId, "instanceId");
    tags = Map.copyOf(tags);
  }
}
