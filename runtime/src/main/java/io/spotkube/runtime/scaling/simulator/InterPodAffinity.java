package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.Labels;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodAffinityTerm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's InterPodAffinity filter on the simulation: a pod's required affinity terms (a
 * pod it selects runs in the node's domain, or, as the scheduler allows for the first of a group,
 * none runs anywhere and the pod selects itself), its required anti-affinity terms (no pod it
 * selects in the node's domain) and the required anti-affinity of the pods already placed (none
 * selects it in the node's domain). Domains are the values of the term's topology key; a
 * hostname domain is one node, so it is read off that node alone.
 */
final class InterPodAffinity {

  private final List<SimNode> nodes;
  /** Placed pods with required anti-affinity, in placement order (so a reason names the same pod every run). */
  private final Map<Pod, SimNode> withAntiAffinity = new LinkedHashMap<>();

  InterPodAffinity(List<SimNode> nodes) {
    this.nodes = nodes;
  }

  void podAdded(Pod pod, SimNode node) {
    if (!pod.requiredPodAntiAffinity().isEmpty()) {
      withAntiAffinity.put(pod, node);
    }
  }

  void podRemoved(Pod pod) {
    if (!pod.requiredPodAntiAffinity().isEmpty()) {
      withAntiAffinity.remove(pod);
    }
  }

  void nodeRemoved(SimNode node) {
    withAntiAffinity.values().removeIf(placed -> placed == node);
  }

  /** Why the pod's or a placed pod's required (anti-)affinity keeps it off the node, or null. */
  String failure(Pod pod, SimNode node) {
    for (PodAffinityTerm term : pod.requiredPodAffinity()) {
      String domain = node.labels().get(term.topologyKey());
      if (domain == null) {
        return "pod affinity: node has no label " + term.topologyKey();
      }
      if (!anySelectedIn(pod.namespace(), term, node, domain) && !firstOfItsGroup(pod, term)) {
        return "pod affinity (" + term + ")";
      }
    }
    for (PodAffinityTerm term : pod.requiredPodAntiAffinity()) {
      String domain = node.labels().get(term.topologyKey());
      if (domain != null && anySelectedIn(pod.namespace(), term, node, domain)) {
        return "pod anti-affinity (" + term + ")";
      }
    }
    for (Map.Entry<Pod, SimNode> placed : withAntiAffinity.entrySet()) {
      Pod other = placed.getKey();
      for (PodAffinityTerm term : other.requiredPodAntiAffinity()) {
        String domain = node.labels().get(term.topologyKey());
        if (domain != null && domain.equals(placed.getValue().labels().get(term.topologyKey()))
            && term.selects(other.namespace(), pod)) {
          return "pod anti-affinity of " + other.key() + " (" + term + ")";
        }
      }
    }
    return null;
  }

  private boolean anySelectedIn(String namespace, PodAffinityTerm term, SimNode node, String domain) {
    if (term.topologyKey().equals(Labels.HOSTNAME)) {
      return anySelectedOn(namespace, term, node);
    }
    for (SimNode other : nodes) {
      if (domain.equals(other.labels().get(term.topologyKey())) && anySelectedOn(namespace, term, other)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anySelectedOn(String namespace, PodAffinityTerm term, SimNode node) {
    for (Pod placed : node.pods()) {
      if (term.selects(namespace, placed)) {
        return true;
      }
    }
    return false;
  }

  /** The scheduler's exception: no pod anywhere matches the term, and the pod matches it itself. */
  private boolean firstOfItsGroup(Pod pod, PodAffinityTerm term) {
    if (!term.selects(pod.namespace(), pod)) {
      return false;
    }
    for (SimNode node : nodes) {
      if (anySelectedOn(pod.namespace(), term, node)) {
        return false;
      }
    }
    return true;
  }
}
