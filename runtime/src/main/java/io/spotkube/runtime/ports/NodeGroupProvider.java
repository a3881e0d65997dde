package io.spotkube.runtime.ports;

import java.time.Instant;
import java.util.List;

/**
 * The cloud side of the autoscaler: node groups (Auto Scaling groups) and the only calls the
 * controller makes on them.
 */
public interface NodeGroupProvider {

  /** The groups discovered by the autoscaler's tags, with their templates and instances. */
  List<DiscoveredNodeGroup> nodeGroups();

  /** Sets a group's desired capacity (SetDesiredCapacity). */
  void setDesiredCapacity(String group, int desired);

  /** Terminates one instance and lowers the group's desired capacity by one (TerminateInstanceInAutoScalingGroup). */
  void terminateInstance(String instanceId);

  /** The group's scaling activities that started at or after {@code since}, newest first (DescribeScalingActivities). */
  List<ScalingActivity> scalingActivities(String group, Instant since);
}
