package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.identity.NodeIdentity;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.ports.ScalingActivity;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node groups, with every write checked against this cluster's ownership: an instance is
 * terminated only when EC2 shows it carries the cluster's ownership tags ({@link NodeIdentity#owned});
 * a desired capacity is set only on a group the provider discovered as this cluster's (the adapter
 * keeps only groups with the ownership tags). Another cluster of the same name in the account is
 * never resized or shrunk by this one.
 */
final class OwnedInstancesOnlyNodeGroupProvider implements NodeGroupProvider {

  private final NodeGroupProvider provider;
  private final NodeIdentity identity;
  private final Set<String> discovered = ConcurrentHashMap.newKeySet();

  OwnedInstancesOnlyNodeGroupProvider(NodeGroupProvider provider, NodeIdentity identity) {
    this.provider = provider;
    this.identity = identity;
  }

  @Override
  public List<DiscoveredNodeGroup> nodeGroups() {
    List<DiscoveredNodeGroup> groups = provider.nodeGroups();
    groups.forEach(group -> discovered.add(group.name()));
    return groups;
  }

  @Override
  public void setDesiredCapacity(String group, int desired) {
    if (!discovered.contains(group)) {
      identity.refusedAction("set_desired");
      throw new NotOursException("group " + group + " was not discovered as this cluster's: its desired capacity"
          + " is left alone");
    }
    provider.setDesiredCapacity(group, desired);
  }

  @Override
  public void terminateInstance(String instanceId) {
    if (!identity.owned(instanceId)) {
      identity.refusedAction("terminate");
      throw new NotOursException("instance " + instanceId + " does not carry this cluster's ownership tags: not"
          + " terminated");
    }
    provider.terminateInstance(instanceId);
  }

  @Override
  public List<ScalingActivity> scalingActivities(String group, Instant since) {
    return provider.scalingActivities(group, since);
  }

  /** A write refused because the group or instance is not this cluster's. */
  static final class NotOursException extends IllegalStateException {
    NotOursException(String message) {
      super(message);
    }
  }
}
