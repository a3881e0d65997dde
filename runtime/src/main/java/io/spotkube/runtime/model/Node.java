package io.spotkube.runtime.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of the cluster. {@code nodeGroup} null means not managed by the autoscaler;
 * {@code unschedulable} is a cordon (also used for nodes about to be interrupted);
 * {@code unneededForSeconds} is how long the controller has seen this node as unneeded;
 * {@code providerId} is {@code spec.providerID} ({@code aws:///eu-west-1a/i-0123...}), null when unset;
 * {@code annotations} keeps only cluster-autoscaler's ({@code cluster-autoscaler.kubernetes.io/*});
 * {@code internalIp} is the first {@code InternalIP} of {@code status.addresses}, null when none is reported
 * (the node identity check compares it with the instance's private IP).
 */
public record Node(
    String name,
    String nodeGroup,
    Resources allocatable,
    Map<String, String> labels,
    List<Taint> taints,
    boolean ready,
    boolean unschedulable,
    long unneededForSeconds,
    String providerId,
    Map<String, String> annotations,
    String internalIp) {

  /** Upstream's node annotation: "true" keeps the autoscaler from ever removing the node. */
  public static final String SCALE_DOWN_DISABLED = "cluster-autoscaler.kubernetes.io/scale-down-disabled";

  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(allocatable, "allocatable");
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    if (unneededForSeconds < 0) {
      throw new IllegalArgumentException("unneededForSeconds must not be negative, was " + unneededForSeconds);
    }
  }

  /** Without annotations and InternalIP (planning input, snapshots). */
  public Node(String name, String nodeGroup, Resources allocatable, Map<String, String> labels, List<Taint> taints,
      boolean ready, boolean unschedulable, long unneededForSeconds, String providerId) {
    this(name, nodeGroup, allocatable, labels, taints, ready, unschedulable, unneededForSeconds, providerId, Map.of(),
        null);
  }

  /** Without InternalIP. */
  public Node(String name, String nodeGroup, Resources allocatable, Map<String, String> labels, List<Taint> taints,
      boolean ready, boolean unschedulable, long unneededForSeconds, String providerId,
      Map<String, String> annotations) {
    this(name, nodeGroup, allocatable, labels, taints, ready, unschedulable, unneededForSeconds, providerId,
        annotations, null);
  }

  /** Without annotations. */
  public Node(String name, String nodeGroup, Resources allocatable, Map<String, String> labels, List<Taint> taints,
      boolean ready, boolean unschedulable, long unneededForSeconds, String providerId, String internalIp) {
    this(name, nodeGroup, allocatable, labels, taints, ready, unschedulable, unneededForSeconds, providerId, Map.of(),
        internalIp);
  }

  public static Node of(String name, String nodeGroup, Resources allocatable, Map<String, String> labels,
      List<Taint> taints) {
    return new Node(name, nodeGroup, allocatable, labels, taints, true, false, 0, null);
  }

  public Node withUnneededForSeconds(long seconds) {
    return new Node(name, nodeGroup, allocatable, labels, taints, ready, unschedulable, seconds, providerId, annotations, internalIp);
  }

  public Node withUnschedulable(boolean value) {
    return new Node(name, nodeGroup, allocatable, labels, taints, ready, value, unneededForSeconds, providerId, annotations, internalIp);
  }

  public Node withReady(boolean value) {
    return new Node(name, nodeGroup, allocatable, labels, taints, value, unschedulable, unneededForSeconds, providerId, annotations, internalIp);
  }

  public Node withNodeGroup(String group) {
    return new Node(name, group, allocatable, labels, taints, ready, unschedulable, unneededForSeconds, providerId, annotations, internalIp);
  }

  /** Annotation {@value #SCALE_DOWN_DISABLED} is "true". */
  public boolean scaleDownDisabled() {
    return "true".equals(annotations.get(SCALE_DOWN_DISABLED));
  }

  /** The EC2 instance id of an AWS provider ID ({@code aws:///eu-west-1a/i-0123...}), when it is one. */
  public Optional<String> instanceId() {
    return instanceIdOf(providerId);
  }

  /** {@code aws:///eu-west-1a/i-0123456789abcdef0} -> {@code i-0123456789abcdef0}; empty for anything else. */
  public static Optional<String> instanceIdOf(String providerId) {
    if (providerId == null || !providerId.startsWith("aws://")) {
      return Optional.empty();
    }
    String id = providerId.substring(providerId.lastIndexOf('/') + 1);
    return id.startsWith("i-") ? Optional.of(id) : Optional.empty();
  }
}
