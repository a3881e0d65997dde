package io.spotkube.runtime.ports;

import io.spotkube.runtime.scaling.NodeTemplate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Auto Scaling group as the autoscaler sees it.
 *
 * @param instanceTypes types of its MixedInstancesPolicy (or its launch template's one type)
 * @param template      what a new node will look like; for several types, the smallest one
 * @param pricePerHour  on-demand price of the simulated type in the region, 0 when unknown
 * @param instanceIds   instances currently in the group
 * @param tagLabels     the labels its node-template label tags give its nodes (applied by the node labeller)
 */
public record DiscoveredNodeGroup(String name, int minSize, int maxSize, int desired, List<String> instanceTypes,
    NodeTemplate template, double pricePerHour, List<String> instanceIds, Map<String, String> tagLabels) {

  /** A group whose tags give no labels. */
  public DiscoveredNodeGroup(String name, int minSize, int maxSize, int desired, List<String> instanceTypes,
      NodeTemplate template, double pricePerHour, List<String> instanceIds) {
    this(name, minSize, maxSize, desired, instanceTypes, template, pricePerHour, instanceIds, Map.of());
  }

  public DiscoveredNodeGroup {
    Objects.requireNonNull(name, "name");
    instanceTypes = List.copyOf(instanceTypes);
    Objects.requireNonNull(template, "template");
    instanceIds = List.copyOf(instanceIds);
    tagLabels = Map.copyOf(tagLabels);
  }

  public DiscoveredNodeGroup withDesired(int value) {
    return new DiscoveredNodeGroup(name, minSize, maxSize, value, instanceTypes, template, pricePerHour, instanceIds, tagLabels);
  }
}
