package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.ports.ScalingActivity;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The node groups, with every write refused unless this replica leads at that moment: an
 * iteration (or a scale-down drain) that was under way when the lease was lost must not resize or
 * terminate anything a new leader is deciding about. Reads pass through.
 */
final class LeadingOnlyNodeGroupProvider implements NodeGroupProvider {

  private final NodeGroupProvider provider;
  private final BooleanSupplier leading;

  LeadingOnlyNodeGroupProvider(NodeGroupProvider provider, BooleanSupplier leading) {
    this.provider = provider;
    this.leading = leading;
  }

  @Override
  public List<DiscoveredNodeGroup> nodeGroups() {
    return provider.nodeGroups();
  }

  @Override
  public void setDesiredCapacity(String group, int desired) {
    checkLeading("set the desired capacity of " + group);
    provider.setDesiredCapacity(group, desired);
  }

  @Override
  public void terminateInstance(String instanceId) {
    checkLeading("terminate instance " + instanceId);
    provider.terminateInstance(instanceId);
  }

  @Override
  public List<ScalingActivity> scalingActivities(String group, Instant since) {
    return provider.scalingActivities(group, since);
  }

  private void checkLeading(String what) {
    if (!leading.getAsBoolean()) {
      throw new NotLeadingException("not leading the autoscaler any more: did not " + what);
    }
  }

  /** A write refused because the lease was lost. */
  static final class NotLeadingException extends IllegalStateException {
    NotLeadingException(String message) {
      super(message);
    }
  }
}
