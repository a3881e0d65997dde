package io.spotkube.constructs;

import io.spotkube.catalog.InstanceType;
import io.spotkube.catalog.NodeAllocatable;
import io.spotkube.contract.NodeTemplateTags;
import io.spotkube.contract.TemplateNode;
import io.spotkube.contract.TemplateTaint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a node of a group looks like before one exists, for cluster-autoscaler's scale-from-zero
 * tags ({@link NodeTemplateTags}). Resources come from the smallest selected type (the autoscaler
 * must never promise more than any type the group may launch) with the kubelet's reservations
 * taken off, by the formulas {@link KubeletSettings} gives the kubelet.
 */
final class NodeGroupTemplate {

  /** Share of the root volume assumed free for pods: the OS and images take the rest. */
  static final double EPHEMERAL_STORAGE_SHARE = 0.8;

  private NodeGroupTemplate() {
  }

  static TemplateNode of(Map<String, String> labels, List<NodeTaint> taints, InstanceType smallest, int maxPods,
                         int rootVolumeSizeGib) {
    NodeAllocatable allocatable = NodeAllocatable.of(smallest, maxPods);
    Map<String, String> resources = new TreeMap<>();
    resources.put(NodeTemplateTags.CPU, allocatable.cpuMillis() + "m");
    resources.put(NodeTemplateTags.MEMORY, allocatable.memoryMib() + "Mi");
    resources.put(NodeTemplateTags.PODS, Integer.toString(allocatable.pods()));
    resources.put(NodeTemplateTags.EPHEMERAL_STORAGE, (long) Math.floor(rootVolumeSizeGib * EPHEMERAL_STORAGE_SHARE) + "Gi");
    if (smallest.gpus() > 0) {
      // Written rather than left to the autoscaler's own catalog, so the tags alone say what a
      // GPU group offers (the NVIDIA device plugin advertises whole GPUs under this name).
      resources.put(NodeTemplateTags.NVIDIA_GPU, Integer.toString(smallest.gpus()));
    }
    List<TemplateTaint> templateTaints = taints.stream()
        .map(taint -> TemplateTaint.of(taint.key(), taint.value(), taint.effect().kubernetesName()))
        .toList();
    return new TemplateNode(labels, templateTaints, resources);
  }
}
