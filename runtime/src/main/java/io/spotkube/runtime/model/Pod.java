package io.spotkube.runtime.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod as both controllers see it: what the scheduler looks at (the autoscaler's simulation) and
 * what a drain needs. {@code nodeName} null means pending; {@code ownerKind} null means a bare pod
 * (no controller would recreate it elsewhere).
 *
 * <p>{@code requiredNodeAffinity} holds the terms of the required node affinity: any one term must
 * match (each term's requirements all). {@code requiredPodAffinity} and
 * {@code requiredPodAntiAffinity} are the required inter-pod terms (all must hold).
 * {@code volumeZones}, when not empty, are the zones the pod's bound zonal PersistentVolumes allow
 * (an EBS volume lives in one): it can run only on a node in one of them.
 * {@code persistentVolumeClaims} names the claims of its volumes (its namespace), from which the
 * cache fills {@code volumeZones}.
 *
 * @param mirror the API server's copy of a static pod (annotation {@code kubernetes.io/config.mirror}):
 *     the kubelet runs it on its node whatever happens, and the Eviction API cannot remove it
 * @param terminationGracePeriodSeconds the pod's own grace period, null when unset
 * @param terminating deleted already (a deletion timestamp): leaving, not to be scheduled or evicted
 * @param finished phase Succeeded or Failed: nothing left to stop or to reschedule
 * @param markedUnschedulable pending and the scheduler said so (PodScheduled=False, Unschedulable):
 *     only these trigger a scale-up; a pod created a moment ago is left to the scheduler first
 */
public record Pod(
    String namespace,
    String name,
    Map<String, String> labels,
    String nodeName,
    Resources requests,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    List<NodeSelectorTerm> requiredNodeAffinity,
    List<PodAffinityTerm> requiredPodAffinity,
    List<PodAffinityTerm> requiredPodAntiAffinity,
    List<TopologySpreadConstraint> topologySpreadConstraints,
    List<Integer> hostPorts,
    List<String> volumeZones,
    List<String> persistentVolumeClaims,
    String ownerKind,
    Map<String, String> annotations,
    int priority,
    boolean localStorage,
    boolean mirror,
    Long terminationGracePeriodSeconds,
    boolean terminating,
    boolean finished,
    boolean markedUnschedulable) {

  public static final String SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";

  public Pod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(requests, "requests");
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
    requiredNodeAffinity = List.copyOf(requiredNodeAffinity);
    requiredPodAffinity = List.copyOf(requiredPodAffinity);
    requiredPodAntiAffinity = List.copyOf(requiredPodAntiAffinity);
    topologySpreadConstraints = List.copyOf(topologySpreadConstraints);
    hostPorts = List.copyOf(hostPorts);
    volumeZones = List.copyOf(volumeZones);
    persistentVolumeClaims = List.copyOf(persistentVolumeClaims);
    annotations = Map.copyOf(annotations);
  }

  public static Builder builder(String namespace, String name) {
    return new Builder(namespace, name);
  }

  /** {@code namespace/name}, the id used in plans and events. */
  public String key() {
    return namespace + "/" + name;
  }

  public boolean isPending() {
    return nodeName == null;
  }

  public boolean isDaemonSetPod() {
    return "DaemonSet".equals(ownerKind);
  }

  /**
   * Runs on its node whatever the scheduler does (a DaemonSet's pod or a static pod's mirror): it
   * leaves with the node, is never moved, and a new node of the group gets one too.
   */
  public boolean runsPerNode() {
    return mirror || isDaemonSetPod();
  }

  /**
   * What the autoscaler simulates: pods bound to a node that still run, and pending pods the
   * scheduler marked unschedulable.
   */
  public boolean consideredForScaling() {
    return !terminating && !finished && (nodeName != null || markedUnschedulable);
  }

  public Builder toBuilder() {
    Builder builder = new Builder(namespace, name);
    builder.labels.putAll(labels);
    builder.nodeName = nodeName;
    builder.requests = requests;
    builder.nodeSelector.putAll(nodeSelector);
    builder.tolerations.addAll(tolerations);
    builder.requiredNodeAffinity.addAll(requiredNodeAffinity);
    builder.requiredPodAffinity.addAll(requiredPodAffinity);
    builder.requiredPodAntiAffinity.addAll(requiredPodAntiAffinity);
    builder.topologySpreadConstraints.addAll(topologySpreadConstraints);
    builder.hostPorts.addAll(hostPorts);
    builder.volumeZones.addAll(volumeZones);
    builder.persistentVolumeClaims.addAll(persistentVolumeClaims);
    builder.ownerKind = ownerKind;
    builder.annotations.putAll(annotations);
    builder.priority = priority;
    builder.localStorage = localStorage;
    builder.mirror = mirror;
    builder.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
    builder.terminating = terminating;
    builder.finished = finished;
    builder.markedUnschedulable = markedUnschedulable;
    return builder;
  }

  public static final class Builder {
    private final String namespace;
    private final String name;
    private final Map<String, String> labels = new HashMap<>();
    private String nodeName;
    private Resources requests = Resources.NONE;
    private final Map<String, String> nodeSelector = new HashMap<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final List<NodeSelectorTerm> requiredNodeAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> requiredPodAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> requiredPodAntiAffinity = new ArrayList<>();
    private final List<TopologySpreadConstraint> topologySpreadConstraints = new ArrayList<>();
    private final List<Integer> hostPorts = new ArrayList<>();
    private final List<String> volumeZones = new ArrayList<>();
    private final List<String> persistentVolumeClaims = new ArrayList<>();
    private String ownerKind = "ReplicaSet";
    private final Map<String, String> annotations = new HashMap<>();
    private int priority;
    private boolean localStorage;
    private boolean mirror;
    private Long terminationGracePeriodSeconds;
    private boolean terminating;
    private boolean finished;
    private boolean markedUnschedulable = true;

    private Builder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder labels(Map<String, String> values) {
      labels.putAll(values);
      return this;
    }

    /** null: pending. */
    public Builder nodeName(String value) {
      this.nodeName = value;
      return this;
    }

    public Builder requests(Resources value) {
      this.requests = value;
      return this;
    }

    public Builder nodeSelector(String key, String value) {
      nodeSelector.put(key, value);
      return this;
    }

    public Builder nodeSelector(Map<String, String> values) {
      nodeSelector.putAll(values);
      return this;
    }

    public Builder toleration(Toleration value) {
      tolerations.add(value);
      return this;
    }

    public Builder tolerations(List<Toleration> values) {
      tolerations.addAll(values);
      return this;
    }

    /** Adds a requirement to the last node affinity term (the first, when there is none yet). */
    public Builder requiredNodeAffinity(NodeSelectorRequirement value) {
      List<NodeSelectorRequirement> last = new ArrayList<>();
      if (!requiredNodeAffinity.isEmpty()) {
        last.addAll(requiredNodeAffinity.remove(requiredNodeAffinity.size() - 1).requirements());
      }
      last.add(value);
      requiredNodeAffinity.add(new NodeSelectorTerm(last));
      return this;
    }

    /** One more node affinity term, ORed with the others. */
    public Builder requiredNodeAffinityTerm(NodeSelectorTerm value) {
      requiredNodeAffinity.add(value);
      return this;
    }

    public Builder requiredNodeAffinityTerms(List<NodeSelectorTerm> values) {
      requiredNodeAffinity.addAll(values);
      return this;
    }

    public Builder requiredPodAffinity(List<PodAffinityTerm> values) {
      requiredPodAffinity.addAll(values);
      return this;
    }

    public Builder requiredPodAntiAffinity(List<PodAffinityTerm> values) {
      requiredPodAntiAffinity.addAll(values);
      return this;
    }

    public Builder topologySpreadConstraint(TopologySpreadConstraint value) {
      topologySpreadConstraints.add(value);
      return this;
    }

    public Builder topologySpreadConstraints(List<TopologySpreadConstraint> values) {
      topologySpreadConstraints.addAll(values);
      return this;
    }

    public Builder hostPort(int value) {
      hostPorts.add(value);
      return this;
    }

    public Builder hostPorts(List<Integer> values) {
      hostPorts.addAll(values);
      return this;
    }

    public Builder volumeZones(List<String> values) {
      volumeZones.addAll(values);
      return this;
    }

    public Builder persistentVolumeClaims(List<String> values) {
      persistentVolumeClaims.addAll(values);
      return this;
    }

    /** null: a bare pod. Default ReplicaSet. */
    public Builder ownerKind(String value) {
      this.ownerKind = value;
      return this;
    }

    public Builder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public Builder annotations(Map<String, String> values) {
      annotations.putAll(values);
      return this;
    }

    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    public Builder localStorage(boolean value) {
      this.localStorage = value;
      return this;
    }

    public Builder mirror(boolean value) {
      this.mirror = value;
      return this;
    }

    /** null: Kubernetes' default. */
    public Builder terminationGracePeriodSeconds(Long value) {
      this.terminationGracePeriodSeconds = value;
      return this;
    }

    public Builder terminating(boolean value) {
      this.terminating = value;
      return this;
    }

    public Builder finished(boolean value) {
      this.finished = value;
      return this;
    }

    /** Default true: a pending pod in a snapshot is one the scheduler could not place. */
    public Builder markedUnschedulable(boolean value) {
      this.markedUnschedulable = value;
      return this;
    }

    public Pod build() {
      return new Pod(namespace, name, labels, nodeName, requests, nodeSelector, tolerations, requiredNodeAffinity,
          requiredPodAffinity, requiredPodAntiAffinity, topologySpreadConstraints, hostPorts, volumeZones, persistentVolumeClaims, ownerKind, annotations, priority, localStorage, mirror,
          terminationGracePeriodSeconds, terminating, finished, markedUnschedulable);
    }
  }
}
