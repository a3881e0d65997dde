package io.spotkube.runtime.ports;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Taint;

/** What the autoscaler writes to Kubernetes: taints, evictions, Events, its status ConfigMap. */
public interface ScalingClusterActions {

  void addTaint(String node, Taint taint);

  void removeTaint(String node, String key);

  /** Evicts through the Eviction API; false when refused (e.g. a PodDisruptionBudget, 429). */
  boolean evict(Pod pod);

  /** A Kubernetes Event on a pod; {@code type} Normal or Warning. */
  void podEvent(Pod pod, String type, String reason, String message);

  /** A Kubernetes Event on a node. */
  void nodeEvent(String node, String type, String reason, String message);

  /** Replaces the autoscaler's status ConfigMap content. */
  void writeStatus(String status);
}
