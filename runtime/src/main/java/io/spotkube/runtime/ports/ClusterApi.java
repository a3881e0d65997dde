package io.spotkube.runtime.ports;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kubernetes calls the interruption handler makes; implementations must be thread-safe. */
public interface ClusterApi {

  /** The node whose {@code spec.providerID} ends with {@code /<instanceId>} ({@code aws:///<az>/<id>}). */
  Optional<NodeInfo> nodeForInstance(String instanceId);

  Optional<NodeInfo> nodeNamed(String name);

  /**
   * Marks the node unschedulable, adds the taint (when given, if absent) and the labels. Idempotent:
   * several replicas may do it at once.
   */
  void cordon(String nodeName, Optional<NodeTaint> taint, Map<String, String> labels);

  /** The pods bound to the node. */
  List<PodInfo> podsOnNode(String nodeName);

  /** Asks the Eviction API to evict the pod with the given grace period. */
  EvictionResult evict(PodInfo pod, long gracePeriodSeconds);

  /** Records a Kubernetes Event on the node; best effort (failures are logged, not thrown). */
  void recordNodeEvent(String nodeName, String reason, String message, boolean warning);
}
