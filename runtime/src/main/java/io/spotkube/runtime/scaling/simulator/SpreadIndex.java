package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.LabelSelector;
import io.spotkube.runtime.model.NodeSelectorTerm;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.TopologySpreadConstraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod counts per topology domain for every spread constraint the simulation has seen, kept up to
 * date as pods and nodes come and go. Domains are the nodes that pass the pod's nodeSelector and
 * required affinity and carry the topology key (the scheduler's default nodeAffinityPolicy Honor).
 */
final class SpreadIndex {

  private record Key(String namespace, LabelSelector selector, String topologyKey,
      Map<String, String> nodeSelector, List<NodeSelectorTerm> affinity) {

    boolean eligible(SimNode node) {
      return node.labels().containsKey(topologyKey) && Predicates.matchesNodeSelection(nodeSelector, affinity, node);
    }

    boolean counts(Pod pod) {
      return pod.namespace().equals(namespace) && selector.matches(pod.labels());
    }
  }

  private final Map<Key, DomainCounts> counts = new HashMap<>();
  private final Iterable<SimNode> nodes;
  private Pod lastPod;
  private TopologySpreadConstraint lastConstraint;
  private DomainCounts lastCounts;

  SpreadIndex(Iterable<SimNode> nodes) {
    this.nodes = nodes;
  }

  DomainCounts countsFor(Pod pod, TopologySpreadConstraint constraint) {
    // A first-fit scan asks for one pod node after node: the same pod and constraint come back many
    // times in a row, and hashing the key's maps costs more than the check. Counts are never dropped.
    if (pod == lastPod && constraint == lastConstraint) {
      return lastCounts;
    }
    Key key = new Key(pod.namespace(), constraint.labelSelector(), constraint.topologyKey(), pod.nodeSelector(),
        pod.requiredNodeAffinity());
    DomainCounts found = counts.computeIfAbsent(key, this::build);
    lastPod = pod;
    lastConstraint = constraint;
    lastCounts = found;
    return found;
  }

  private DomainCounts build(Key key) {
    DomainCounts created = new DomainCounts();
    for (SimNode node : nodes) {
      if (key.eligible(node)) {
        created.addNode(node.labels().get(key.topologyKey()), matching(key, node));
      }
    }
    return created;
  }

  void podAdded(Pod pod, SimNode node) {
    if (counts.isEmpty()) {
      return;
    }
    counts.forEach((key, domains) -> {
      if (key.counts(pod) && key.eligible(node)) {
        domains.podAdded(node.labels().get(key.topologyKey()));
      }
    });
  }

  void podRemoved(Pod pod, SimNode node) {
    if (counts.isEmpty()) {
      return;
    }
    counts.forEach((key, domains) -> {
      if (key.counts(pod) && key.eligible(node)) {
        domains.podRemoved(node.labels().get(key.topologyKey()));
      }
    });
  }

  void nodeAdded(SimNode node) {
    counts.forEach((key, domains) -> {
      if (key.eligible(node)) {
        domains.addNode(node.labels().get(key.topologyKey()), matching(key, node));
      }
    });
  }

  void nodeRemoved(SimNode node) {
    counts.forEach((key, domains) -> {
      if (key.eligible(node)) {
        domains.removeNode(node.labels().get(key.topologyKey()), matching(key, node));
      }
    });
  }

  private static int matching(Key key, SimNode node) {
    int matching = 0;
    for (Pod pod : node.pods()) {
      if (key.counts(pod)) {
        matching++;
      }
    }
    return matching;
  }
}
