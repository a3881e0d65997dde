package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.Labels;
import io.spotkube.runtime.model.NodeSelectorRequirement;
import io.spotkube.runtime.model.NodeSelectorTerm;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's filters that depend only on the node's fixed properties: readiness, cordon,
 * nodeSelector, required node affinity, taints and tolerations. Resources, host ports, topology
 * spread and inter-pod affinity depend on what else runs there and are checked by
 * {@link ClusterSimulation}.
 */
public final class Predicates {

  private Predicates() {
  }

  /** Why the pod can never run on the node, or null when the fixed properties allow it. */
  public static String staticMismatch(Pod pod, SimNode node) {
    if (node.unschedulable()) {
      return "node is unschedulable";
    }
    if (!node.ready()) {
      // Upstream leaves unready nodes out of the capacity new pods may count on.
      return "node is not ready";
    }
    if (!matchesNodeSelector(pod.nodeSelector(), node)) {
      return "node selector";
    }
    String affinity = nodeAffinityMismatch(pod.requiredNodeAffinity(), node.labels());
    if (affinity != null) {
      return affinity;
    }
    if (!pod.volumeZones().isEmpty() && !pod.volumeZones().contains(zoneOf(node))) {
      // The scheduler's VolumeZone/VolumeBinding filters: a zonal volume attaches only in its zone.
      return "volume zone (" + String.join(", ", pod.volumeZones()) + ")";
    }
    for (Taint taint : node.blockingTaints()) {
      if (!tolerated(pod.tolerations(), taint)) {
        return "taint " + taint;
      }
    }
    return null;
  }

  static boolean matchesNodeSelection(Map<String, String> nodeSelector, List<NodeSelectorTerm> affinity,
      SimNode node) {
    return matchesNodeSelector(nodeSelector, node) && nodeAffinityMismatch(affinity, node.labels()) == null;
  }

  /** Null when no terms are given or any one term matches; else what failed (the requirement, for one term). */
  private static String nodeAffinityMismatch(List<NodeSelectorTerm> terms, Map<String, String> labels) {
    if (terms.isEmpty()) {
      return null;
    }
    for (NodeSelectorTerm term : terms) {
      if (term.matches(labels)) {
        return null;
      }
    }
    if (terms.size() == 1) {
      NodeSelectorRequirement failing = terms.get(0).firstFailing(labels);
      return "node affinity (" + (failing == null ? "a term without requirements" : failing) + ")";
    }
    return "node affinity (none of its " + terms.size() + " terms)";
  }

  /** The node's zone: the well-known label, else the EBS CSI driver's topology key. */
  private static String zoneOf(SimNode node) {
    String zone = node.labels().get(Labels.ZONE);
    return zone != null ? zone : node.labels().get(Labels.EBS_CSI_ZONE);
  }

  private static boolean matchesNodeSelector(Map<String, String> nodeSelector, SimNode node) {
    for (Map.Entry<String, String> entry : nodeSelector.entrySet()) {
      if (!entry.getValue().equals(node.labels().get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean tolerated(List<Toleration> tolerations, Taint taint) {
    for (Toleration toleration : tolerations) {
      if (toleration.tolerates(taint)) {
        return true;
      }
    }
    return false;
  }
}
