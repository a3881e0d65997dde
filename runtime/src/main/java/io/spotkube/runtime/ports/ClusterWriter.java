package io.spotkube.runtime.ports;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Taint;
import java.util.Map;
import java.util.Optional;

/**
 * The writes both controllers make on nodes and pods: one path for cordons, taints and evictions.
 * Every write is idempotent (several replicas may make it at once) and fails with a runtime
 * exception naming the node or pod.
 */
public interface ClusterWriter {

  /** Marks the node unschedulable, adds the taint (when given, if absent) and the labels. */
  void cordon(String nodeName, Optional<Taint> taint, Map<String, String> labels);

  /** Sets these labels on the node (a merge: other labels stay). */
  void label(String nodeName, Map<String, String> labels);

  /** Adds the taint unless one with its key is there. */
  void addTaint(String nodeName, Taint taint);

  /** Removes the taints with this key; a node that is gone has none. */
  void removeTaint(String nodeName, String key);

  /** Asks the Eviction API to evict the pod with the given grace period. */
  EvictionResult evict(Pod pod, long gracePeriodSeconds);
}
