package io.spotkube.runtime.ports;

import java.time.Instant;

/**
 * How the draining side tells the autoscaler that a node is about to go (Spot interruption
 * warning, rebalance recommendation, scheduled retirement): the autoscaler then counts the node's
 * pods as pending, so replacement capacity is requested while the two-minute warning runs.
 */
public interface ImminentNodeLoss {

  /**
   * @param nodeName the Kubernetes node name
   * @param expectedAt when the node is expected to go (e.g. the interruption warning's time + 2 min)
   */
  void nodeWillBeLost(String nodeName, Instant expectedAt);
}
