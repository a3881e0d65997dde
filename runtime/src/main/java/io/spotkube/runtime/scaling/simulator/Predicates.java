package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.NodeSelectorRequirement;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's filters that depend only on the node's fixed properties: nodeSelector, required
 * node affinity, taints and tolerations, cordon. Resources, host ports and topology spread depend
 * on what else runs there and are checked by {@link ClusterSimulation}.
 */
public final class Predicates {

  private Predicates() {
  }

  /** Why the pod can never run on the node, or null when the fixed properties allow it. */
  public static String staticMismatch(Pod pod, SimNode node) {
    if (node.unschedulable()) {
      return "node is unschedulable";
    }
    if (!matchesNodeSelector(pod.nodeSelector(), node)) {
      return "node selector";
    }
    for (NodeSelectorRequirement requirement : pod.requiredNodeAffinity()) {
      if (!requirement.matches(node.labels())) {
        return "node affinity (" + requirement + ")";
      }
    }
    for (Taint taint : node.blockingTaints()) {
      if (!tolerated(pod.tolerations(), taint)) {
        return "taint " + taint;
      }
    }
    return null;
  }

  static boolean matchesNodeSelection(Map<String, String> nodeSelector, List<NodeSelectorRequirement> affinity,
      SimNode node) {
    if (!matchesNodeSelector(nodeSelector, node)) {
      return false;
    }
    for (NodeSelectorRequirement requirement : affinity) {
      if (!requirement.matches(node.labels())) {
        return false;
      }
    }
    return true;
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
