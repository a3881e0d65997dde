package io.spotkube.runtime.scaling.estimator;

import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.Pod;
import io.spotkube.runtime.scaling.simulator.ClusterSimulation;
import java.util.List;

/** Estimates the new nodes a group needs for pending pods (upstream's estimator.Estimator). */
public interface Estimator {

  /**
   * @param pods     pending pods that fit an empty template node of the group on their own
   * @param maxNodes the most new nodes the group may get
   */
  Estimate estimate(ClusterSimulation simulation, NodeGroup group, List<Pod> pods, int maxNodes);
}
