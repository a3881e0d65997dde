package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.Labels;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.scaling.NodeTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node inside the simulation: its fixed scheduling properties and its mutable free capacity.
 * Free capacity is kept in plain fields because the simulation checks it millions of times.
 */
public final class SimNode {

  /** Where a simulated node comes from. */
  public enum Kind { EXISTING, UPCOMING, TEMPLATE }

  private final String name;
  private final String nodeGroup;
  private final Kind kind;
  private final Map<String, String> labels;
  private final List<Taint> blockingTaints;
  private final Resources allocatable;
  private final boolean unschedulable;
  private final boolean ready;
  private long freeCpuMillis;
  private long freeMemoryBytes;
  private long freeEphemeralBytes;
  private long freePods;
  private Map<String, Long> freeExtended;
  private Set<Integer> usedHostPorts;
  private final List<Pod> pods = new ArrayList<>();

  private SimNode(String name, String nodeGroup, Kind kind, Map<String, String> labels, List<Taint> taints,
      Resources allocatable, boolean unschedulable, boolean ready) {
    this.name = name;
    this.nodeGroup = nodeGroup;
    this.kind = kind;
    Map<String, String> withHostname = labels;
    if (!labels.containsKey(Labels.HOSTNAME)) {
      // Topology spread on hostname needs every node to be its own domain, templates included.
      withHostname = new HashMap<>(labels);
      withHostname.put(Labels.HOSTNAME, name);
    }
    this.labels = withHostname;
    this.blockingTaints = taints.stream().filter(Taint::blocksScheduling).toList();
    this.allocatable = allocatable;
    this.unschedulable = unschedulable;
    this.ready = ready;
    this.freeCpuMillis = allocatable.cpuMillis();
    this.freeMemoryBytes = allocatable.memoryBytes();
    this.freeEphemeralBytes = allocatable.ephemeralStorageBytes();
    this.freePods = allocatable.pods();
    this.freeExtended = allocatable.extended().isEmpty() ? Map.of() : new HashMap<>(allocatable.extended());
  }

  public static SimNode existing(Node node) {
    return new SimNode(node.name(), node.nodeGroup(), Kind.EXISTING, node.labels(), node.taints(), node.allocatable(),
        node.unschedulable(), node.ready());
  }

  public static SimNode fromTemplate(String name, String nodeGroup, Kind kind, NodeTemplate template) {
    return new SimNode(name, nodeGroup, kind, template.labels(), template.taints(), template.allocatable(), false,
        true);
  }

  public String name() {
    return name;
  }

  /** null when the node is in no autoscaled group. */
  public String nodeGroup() {
    return nodeGroup;
  }

  public Kind kind() {
    return kind;
  }

  public Map<String, String> labels() {
    return labels;
  }

  List<Taint> blockingTaints() {
    return blockingTaints;
  }

  public Resources allocatable() {
    return allocatable;
  }

  public boolean unschedulable() {
    return unschedulable;
  }

  /** An existing node whose Ready condition is not True: it takes no new pods in the simulation. */
  public boolean ready() {
    return ready;
  }

  public List<Pod> pods() {
    return pods;
  }

  /** The first resource the pod lacks here ({@code cpu}, {@code pods}, ...), or null. */
  String resourceShortage(Resources request) {
    if (request.cpuMillis() > freeCpuMillis) {
      return Resources.CPU;
    }
    if (request.memoryBytes() > freeMemoryBytes) {
      return Resources.MEMORY;
    }
    if (freePods < 1) {
      return Resources.PODS;
    }
    if (request.ephemeralStorageBytes() > freeEphemeralBytes) {
      return Resources.EPHEMERAL_STORAGE;
    }
    for (Map.Entry<String, Long> entry : request.extended().entrySet()) {
      if (entry.getValue() > freeExtended.getOrDefault(entry.getKey(), 0L)) {
        return entry.getKey();
      }
    }
    return null;
  }

  /** The first host port the pod wants that is taken here, or -1. */
  int hostPortConflict(List<Integer> hostPorts) {
    if (usedHostPorts == null) {
      return -1;
    }
    for (Integer port : hostPorts) {
      if (usedHostPorts.contains(port)) {
        return port;
      }
    }
    return -1;
  }

  void add(Pod pod) {
    Resources request = pod.requests();
    freeCpuMillis -= request.cpuMillis();
    freeMemoryBytes -= request.memoryBytes();
    freeEphemeralBytes -= request.ephemeralStorageBytes();
    freePods -= 1;
    if (!request.extended().isEmpty()) {
      ensureMutableExtended();
      request.extended().forEach((key, amount) -> freeExtended.merge(key, -amount, Long::sum));
    }
    if (!pod.hostPorts().isEmpty()) {
      if (usedHostPorts == null) {
        usedHostPorts = new HashSet<>();
      }
      usedHostPorts.addAll(pod.hostPorts());
    }
    pods.add(pod);
  }

  void remove(Pod pod) {
    if (!pods.remove(pod)) {
      throw new IllegalStateException("pod " + pod.key() + " is not on node " + name);
    }
    Resources request = pod.requests();
    freeCpuMillis += request.cpuMillis();
    freeMemoryBytes += request.memoryBytes();
    freeEphemeralBytes += request.ephemeralStorageBytes();
    freePods += 1;
    if (!request.extended().isEmpty()) {
      ensureMutableExtended();
      request.extended().forEach((key, amount) -> freeExtended.merge(key, amount, Long::sum));
    }
    if (!pod.hostPorts().isEmpty()) {
      usedHostPorts.removeAll(pod.hostPorts());
    }
  }

  private void ensureMutableExtended() {
    if (!(freeExtended instanceof HashMap)) {
      freeExtended = new HashMap<>(freeExtended);
    }
  }

  /** Requested share of allocatable: the larger of cpu and memory, or the GPU share on GPU nodes. */
  public double utilization(String gpuResource) {
    long gpus = allocatable.extended(gpuResource);
    if (gpus > 0) {
      return (double) (gpus - freeExtended.getOrDefault(gpuResource, 0L)) / gpus;
    }
    double cpu = allocatable.cpuMillis() == 0 ? 0 : (double) (allocatable.cpuMillis() - freeCpuMillis) / allocatable.cpuMillis();
    double memory = allocatable.memoryBytes() == 0 ? 0
        : (double) (allocatable.memoryBytes() - freeMemoryBytes) / allocatable.memoryBytes();
    return Math.max(cpu, memory);
  }

  public long freeCpuMillis() {
    return freeCpuMillis;
  }

  public long freeMemoryBytes() {
    return freeMemoryBytes;
  }

  @Override
  public String toString() {
    return name;
  }
}
