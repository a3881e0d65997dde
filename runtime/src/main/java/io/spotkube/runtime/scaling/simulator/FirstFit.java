package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Places pods on the first node of a list that fits, remembering per {@link PodClass} where the
 * last search ended. While pods are only added, a node that failed a class stays failed, so the
 * search for the next pod of that class starts there: one pass over the nodes per class instead
 * of one per pod. Use one instance per phase in which pods are only added to these nodes.
 */
public final class FirstFit {

  private final ClusterSimulation simulation;
  private final List<SimNode> nodes;
  private final Predicate<SimNode> usable;
  private final Map<PodClass, Integer> cursors = new HashMap<>();

  /**
   * @param nodes  the candidate nodes, in order; the list may grow at the end between calls
   * @param usable which of them may take pods in this phase
   */
  public FirstFit(ClusterSimulation simulation, List<SimNode> nodes, Predicate<SimNode> usable) {
    this.simulation = simulation;
    this.nodes = nodes;
    this.usable = usable;
  }

  /** Places the pod on the first node that fits and returns it, or null when none does. */
  public SimNode place(Pod pod, PodClass podClass) {
    boolean monotone = podClass.monotone();
    int start = monotone ? cursors.getOrDefault(podClass, 0) : 0;
    for (int i = start; i < nodes.size(); i++) {
      SimNode node = nodes.get(i);
      if (usable.test(node) && simulation.failure(pod, node) == null) {
        simulation.place(pod, node);
        if (monotone) {
          cursors.put(podClass, i);
        }
        return node;
      }
    }
    if (monotone) {
      cursors.put(podClass, nodes.size());
    }
    return null;
  }
}
