package io.spotkube.contract;

/**
 * The node label cluster-autoscaler's AWS provider reads as "this node has GPUs"
 * ({@code k8s.amazonaws.com/accelerator}): the constructs put it on the nodes (kubelet label) and
 * node-template tags of groups of GPU types; the runtime treats a labelled node whose GPUs are not
 * advertised yet (the device plugin still starting) as upcoming rather than as a node without
 * GPUs, as upstream's {@code FilterOutNodesWithUnreadyResources} does. Only its presence counts.
 */
public final class AcceleratorLabel {

  public static final String KEY = "k8s.amazonaws.com/accelerator";
  /** The resource the NVIDIA device plugin advertises: whole GPUs. */
  public static final String NVIDIA_GPU = NodeTemplateTags.NVIDIA_GPU;

  private AcceleratorLabel() {
  }
}
