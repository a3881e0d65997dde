package io.spotkube.runtime.scaling.estimator;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.simulator.ClusterSimulation;
import io.spotkube.runtime.scaling.simulator.FirstFit;
import io.spotkube.runtime.scaling.simulator.PodClass;
import io.spotkube.runtime.scaling.simulator.SimNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * First-fit decreasing on the group's template node, as upstream's binpacking estimator: pods
 * sorted by their share of the template's cpu plus memory, largest first; each goes onto the first
 * new node it fits, else onto a fresh one while the limit allows. The new nodes live in the
 * simulation only during the estimate (topology spread sees them) and are removed before it returns.
 */
public final class BinpackingEstimator implements Estimator {

  @Override
  public Estimate estimate(ClusterSimulation simulation, NodeGroup group, List<Pod> pods, int maxNodes) {
    Resources template = group.template().allocatable();
    List<Pod> sorted = new ArrayList<>(pods);
    sorted.sort(Comparator.comparingDouble((Pod pod) -> -score(pod, template)).thenComparing(Pod::key));

    List<SimNode> newNodes = new ArrayList<>();
    FirstFit firstFit = new FirstFit(simulation, newNodes, node -> true);
    List<Pod> scheduled = new ArrayList<>();
    List<Pod> overLimit = new ArrayList<>();
    Map<Pod, String> refused = new HashMap<>();
    try {
      for (Pod pod : sorted) {
        PodClass podClass = PodClass.of(pod);
        if (firstFit.place(pod, podClass) != null) {
          scheduled.add(pod);
          continue;
        }
        if (newNodes.size() >= maxNodes) {
          overLimit.add(pod);
          continue;
        }
        SimNode fresh = SimNode.fromTemplate("template-" + group.name() + "-" + newNodes.size(), group.name(),
            SimNode.Kind.TEMPLATE, group.template());
        simulation.addNode(fresh);
        newNodes.add(fresh);
        if (firstFit.place(pod, podClass) != null) {
          scheduled.add(pod);
        } else {
          // Only topology spread can refuse a fresh node for a pod that fits the template.
          refused.put(pod, simulation.failure(pod, fresh));
          newNodes.remove(newNodes.size() - 1);
          simulation.removeNode(fresh);
        }
      }
      return new Estimate(newNodes.size(), scheduled, overLimit, refused);
    } finally {
      for (int i = newNodes.size() - 1; i >= 0; i--) {
        simulation.removeNode(newNodes.get(i));
      }
    }
  }

  private static double score(Pod pod, Resources template) {
    double cpu = template.cpuMillis() == 0 ? 0 : (double) pod.requests().cpuMillis() / template.cpuMillis();
    double memory = template.memoryBytes() == 0 ? 0 : (double) pod.requests().memoryBytes() / template.memoryBytes();
    return cpu + memory;
  }
}
