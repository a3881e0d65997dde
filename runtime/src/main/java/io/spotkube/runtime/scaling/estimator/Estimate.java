package io.spotkube.runtime.scaling.estimator;

import io.spotkube.runtime.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * How many new nodes of a group the pods need.
 *
 * @param scheduled  pods that fit onto those nodes
 * @param overLimit  pods that would fit a new node but found none within the node limit
 * @param refused    pods that even a fresh node refused (topology spread), with the reason
 */
public record Estimate(int nodeCount, List<Pod> scheduled, List<Pod> overLimit, Map<Pod, String> refused) {

  public Estimate {
    scheduled = List.copyOf(scheduled);
    overLimit = List.copyOf(overLimit);
    refused = Map.copyOf(refused);
  }
}
