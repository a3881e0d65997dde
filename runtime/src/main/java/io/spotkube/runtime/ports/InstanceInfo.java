package io.spotkube.runtime.ports;

import java.util.Map;
import java.util.Objects;

/**
 * What EC2 DescribeInstances tells the runtime about one instance.
 *
 * @param state            EC2's instance state name (pending, running, shutting-down, terminated, ...)
 * @param privateIpAddress the primary private IPv4 address, null when EC2 reports none
 * @param ownerId          the account of the instance's reservation, null when not known
 */
public record InstanceInfo(String instanceId, String privateDnsName, Map<String, String> tags, String state,
    String privateIpAddress, String ownerId) {

  public InstanceInfo {
    Objects.requireNonNull(instanceId, "instanceId");
    tags = Map.copyOf(tags);
  }

  /** An instance whose account does not matter to the caller. */
  public InstanceInfo(String instanceId, String privateDnsName, Map<String, String> tags, String state,
      String privateIpAddress) {
    this(instanceId, privateDnsName, tags, state, privateIpAddress, null);
  }

  /** An instance whose private address does not matter to the caller. */
  public InstanceInfo(String instanceId, String privateDnsName, Map<String, String> tags, String state) {
    this(instanceId, privateDnsName, tags, state, null, null);
  }

  /** Shutting down or terminated: its node will never be Ready again. */
  public boolean gone() {
    return "shutting-down".equals(state) || "terminated".equals(state);
  }

  public boolean running() {
    return "running".equals(state);
  }
}
