package io.spotkube.runtime.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node of the cluster. {@code nodeGroup} null means not managed by the autoscaler;
 * {@code unschedulable} is a cordon (also used for nodes about to be interrupted);
 * {@code unneededForSeconds} is how long the controller has seen this node as unneeded.
 */
public record Node(
    String name,
    String nodeGroup,
    Resources allocatable,
    Map<String, String> labels,
    List<Taint> taints,
    boolean ready,
    boolean unschedulable,
    long unneededForSeconds) {

  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(allocatable, "allocatable");
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    if (unneededForSeconds < 0) {
      throw new IllegalArgumentException("unneededForSeconds must not be negative, was " + unneededForSeconds);
    }
  }

  public static Node of(String name, String nodeGroup, Resources allocatable, Map<String, String> labels,
      List<Taint> taints) {
    return new Node(name, nodeGroup, allocatable, labels, taints, true, false, 0);
  }

  public Node withUnneededForSeconds(long seconds) {
    return new Node(name, nodeGroup, allocatable, labels, taints, ready, unschedulable, seconds);
  }

  public Node withUnschedulable(boolean value) {
    return new Node(name, nodeGroup, allocatable, labels, taints, ready, value, unneededForSeconds);
  }
}
