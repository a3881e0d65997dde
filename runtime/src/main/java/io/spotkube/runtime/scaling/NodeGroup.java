package io.spotkube.runtime.scaling;

import java.util.List;
import java.util.Objects;

/**
 * An autoscaled group (an Auto Scaling group): its bounds, current desired size, template node and
 * price. {@code pricePerHour} 0 means unknown; {@code backedOff} groups are never chosen.
 */
public record NodeGroup(
    String name,
    int minSize,
    int maxSize,
    int desired,
    List<String> instanceTypes,
    double pricePerHour,
    boolean backedOff,
    NodeTemplate template) {

  public NodeGroup {
    Objects.requireNonNull(name, "name");
    instanceTypes = List.copyOf(instanceTypes);
    Objects.requireNonNull(template, "template");
    if (minSize < 0) {
      throw new IllegalArgumentException("minSize of " + name + " must not be negative, was " + minSize);
    }
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize of " + name + " must not be negative, was " + maxSize);
    }
    if (minSize > maxSize) {
      throw new IllegalArgumentException("minSize (" + minSize + ") of " + name + " should be <= maxSize (" + maxSize + ")");
    }
    if (desired < 0) {
      throw new IllegalArgumentException("desired of " + name + " must not be negative, was " + desired);
    }
    if (pricePerHour < 0) {
      throw new IllegalArgumentException("pricePerHour of " + name + " must not be negative, was " + pricePerHour);
    }
  }

  public NodeGroup withBackedOff(boolean value) {
    return new NodeGroup(name, minSize, maxSize, desired, instanceTypes, pricePerHour, value, template);
  }

  public NodeGroup withDesired(int value) {
    return new NodeGroup(name, minSize, maxSize, value, instanceTypes, pricePerHour, backedOff, template);
  }
}
