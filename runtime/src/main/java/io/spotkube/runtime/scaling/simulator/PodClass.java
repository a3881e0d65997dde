package io.spotkube.runtime.scaling.simulator;

import io.spotkube.runtime.model.NodeSelectorTerm;
import io.spotkube.runtime.model.PodAffinityTerm;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Toleration;
import io.spotkube.runtime.model.TopologySpreadConstraint;
import java.util.List;
import java.util.Map;

/**
 * Pods the scheduler cannot tell apart (typically the replicas of one Deployment): what fails for one
 * fails for all, which lets the simulation skip nodes it already knows are full for the class, as
 * upstream's equivalence groups do.
 */
public record PodClass(
    String namespace,
    Map<String, String> labels,
    Resources requests,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    List<NodeSelectorTerm> requiredNodeAffinity,
    List<PodAffinityTerm> requiredPodAffinity,
    List<PodAffinityTerm> requiredPodAntiAffinity,
    List<TopologySpreadConstraint> topologySpreadConstraints,
    List<Integer> hostPorts,
    List<String> volumeZones) {

  public static PodClass of(Pod pod) {
    return new PodClass(pod.namespace(), pod.labels(), pod.requests(), pod.nodeSelector(), pod.tolerations(),
        pod.requiredNodeAffinity(), pod.requiredPodAffinity(), pod.requiredPodAntiAffinity(),
        pod.topologySpreadConstraints(), pod.hostPorts(), pod.volumeZones());
  }

  /**
   * True when a node that fails this class once keeps failing it while pods are only added: free
   * capacity and host ports only shrink then, and anti-affinity only forbids more. Spread
   * constraints break this (the minimum domain count can rise), and so does pod affinity (the pod
   * it wants may arrive), so such classes are scanned in full.
   */
  public boolean monotone() {
    if (!requiredPodAffinity.isEmpty()) {
      return false;
    }
    for (TopologySpreadConstraint constraint : topologySpreadConstraints) {
      if (constraint.isHard()) {
        return false;
      }
    }
    return true;
  }
}
