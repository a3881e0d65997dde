package io.spotkube.runtime.ports;

import io.spotkube.runtime.scaling.NodeTemplate;
import java.util.List;
import java.util.Objects;

/**
 * An Auto Scaling group as the autoscaler sees it.
 *
 * @param instanceTypes types of its MixedInstancesPolicy (or its launch template's one type)
 * @param template      what a new node will look like; for several types, the smallest one
 * @param pricePerHour  on-demand price of the simulated type in the region, 0 when unknown
 * @param instanceIds   instances currently in the group
 */
public record DiscoveredNodeGroup(String name, int minSize, int maxSize, int desired, List<String> instanceTypes,
    NodeTemplate template, double pricePerHour, List<String> instanceIds) {

  public DiscoveredNodeGroup {
    Objects.requireNonNull(name, "name");
    instanceTypes = List.copyOf(instanceTypes);
    Objects.requireNonNull(template, "template");
    instanceIds = List.copyOf(instanceIds);
  }

  public DiscoveredNodeGroup withDesired(int value) {
    return new DiscoveredNodeGroup(name, minSize, maxSize, value, instanceTypes, template, pricePerHour, instanceIds);
  }
}
