package io.spotkube.runtime.scaling.planner;

import io.spotkube.contract.AcceleratorLabel;
import io.spotkube.runtime.model.Node;

/**
 * Upstream's {@code FilterOutNodesWithUnreadyResources} for GPUs: a node labelled
 * {@code k8s.amazonaws.com/accelerator} that advertises no {@code nvidia.com/gpu} yet is a GPU node
 * whose device plugin has not started, not a node without GPUs. Taken at its word it would send the
 * pending GPU pods to a second scale-up; the planner counts it as upcoming instead.
 */
final class GpuReadiness {

  private GpuReadiness() {
  }

  static boolean gpusNotAdvertised(Node node) {
    return node.labels().containsKey(AcceleratorLabel.KEY)
        && node.allocatable().extended(AcceleratorLabel.NVIDIA_GPU) == 0;
  }
}
