package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as the scheduler would see it after the simulated placements so far: nodes with their
 * pods and free capacity, and topology-spread counts. Mutable and single-threaded; the planner
 * adds nodes for an estimate and removes them again afterwards.
 */
public final class ClusterSimulation {

  private final List<SimNode> nodes = new ArrayList<>();
  private final Map<String, SimNode> byName = new HashMap<>();
  private final SpreadIndex spread = new SpreadIndex(nodes);
  private final InterPodAffinity podAffinity = new InterPodAffinity(nodes);

  public void addNode(SimNode node) {
    if (byName.putIfAbsent(node.name(), node) != null) {
      throw new IllegalArgumentException("node " + node.name() + " is already in the simulation");
    }
    nodes.add(node);
    spread.nodeAdded(node);
  }

  /** Removes the node together with the pods still on it. */
  public void removeNode(SimNode node) {
    if (byName.remove(node.name()) == null) {
      throw new IllegalArgumentException("node " + node.name() + " is not in the simulation");
    }
    spread.nodeRemoved(node);
    podAffinity.nodeRemoved(node);
    // Estimates remove their template nodes from the end: make that the cheap case.
    int last = nodes.size() - 1;
    if (last >= 0 && nodes.get(last) == node) {
      nodes.remove(last);
    } else {
      nodes.remove(node);
    }
  }

  public SimNode node(String name) {
    return byName.get(name);
  }

  public List<SimNode> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  public void place(Pod pod, SimNode node) {
    node.add(pod);
    spread.podAdded(pod, node);
    podAffinity.podAdded(pod, node);
  }

  public void unplace(Pod pod, SimNode node) {
    node.remove(pod);
    spread.podRemoved(pod, node);
    podAffinity.podRemoved(pod);
  }

  /** Why the pod cannot run on the node now, or null when it can: the scheduler's filters. */
  public String failure(Pod pod, SimNode node) {
    // Free capacity first: in a busy cluster most nodes fail here, on a few long comparisons.
    String shortage = node.resourceShortage(pod.requests());
    if (shortage != null) {
      return shortage;
    }
    String mismatch = Predicates.staticMismatch(pod, node);
    return mismatch != null ? mismatch : dynamicFailure(pod, node);
  }

  /**
   * Why the pod could not run even on this node when empty (fixed properties, resources, its own
   * host ports), or null. Used to probe a group's template without adding a node.
   */
  public static String emptyNodeFailure(Pod pod, SimNode emptyNode) {
    String mismatch = Predicates.staticMismatch(pod, emptyNode);
    if (mismatch != null) {
      return mismatch;
    }
    String shortage = emptyNode.resourceShortage(pod.requests());
    if (shortage != null) {
      return shortage;
    }
    if (pod.hostPorts().stream().distinct().count() < pod.hostPorts().size()) {
      return "host port listed twice";
    }
    return null;
  }

  /**
   * The checks that depend on what already runs on the node (or in its topology domain): resources,
   * host ports, spread, inter-pod affinity and anti-affinity.
   */
  public String dynamicFailure(Pod pod, SimNode node) {
    String shortage = node.resourceShortage(pod.requests());
    if (shortage != null) {
      return shortage;
    }
    if (!pod.hostPorts().isEmpty()) {
      int port = node.hostPortConflict(pod.hostPorts());
      if (port >= 0) {
        return "host port " + port;
      }
    }
    for (TopologySpreadConstraint constraint : pod.topologySpreadConstraints()) {
      if (!constraint.isHard()) {
        continue;
      }
      String domain = node.labels().get(constraint.topologyKey());
      if (domain == null) {
        return "topology spread: node has no label " + constraint.topologyKey();
      }
      DomainCounts counts = spread.countsFor(pod, constraint);
      int self = constraint.labelSelector().matches(pod.labels()) ? 1 : 0;
      if (counts.count(domain) + self - counts.min() > constraint.maxSkew()) {
        return "topology spread on " + constraint.topologyKey();
      }
    }
    return podAffinity.failure(pod, node);
  }
}
