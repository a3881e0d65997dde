package io.spotkube.runtime.scaling.estimator;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.simulator.ClusterSimulation;
import java.util.List;

/**
 * Estimates the new nodes a group needs for pending pods (upstream's estimator.Estimator). The result
 * may depend on the group only through its template (apart from the names of the new nodes): the
 * scale-up reuses one estimate for groups with the same template, pods and limit.
 */
public interface Estimator {

  /**
   * @param pods     pending pods that fit an empty template node of the group on their own
   * @param maxNodes the most new nodes the group may get
   */
  Estimate estimate(ClusterSimulation simulation, NodeGroup group, List<Pod> pods, int maxNodes);
}
