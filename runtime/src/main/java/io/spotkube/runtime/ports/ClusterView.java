package io.spotkube.runtime.ports;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import java.util.List;
import java.util.Optional;

/**
 * The cluster as the runtime's one informer cache holds it: nodes, pods and PodDisruptionBudgets,
 * shared by the autoscaler and the interruption handler. Reads never call the API server; they
 * are as fresh as the last watch event. Thread-safe.
 */
public interface ClusterView {

  List<Node> nodes();

  Optional<Node> node(String name);

  /** The node whose {@code spec.providerID} names the instance ({@code aws:///<az>/<id>}). */
  Optional<Node> nodeForInstance(String instanceId);

  /** Every pod that has not finished (Succeeded and Failed pods are not kept). */
  List<Pod> pods();

  /** The unfinished pods bound to the node. */
  List<Pod> podsOnNode(String nodeName);

  List<PodDisruptionBudget> podDisruptionBudgets();
}
