package io.spotkube.constructs;

import io.spotkube.catalog.InstanceType;
import io.spotkube.catalog.NodeAllocatable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * cluster-autoscaler's scale-from-zero tags: what a node of the group looks like before one
 * exists. Resources come from the smallest selected type (the autoscaler must never promise
 * more than any type the group may launch) with the kubelet's reservations taken off.
 */
final class NodeTemplateTags {

  /** Share of the root volume assumed free for pods: the OS and images take the rest. */
  static final double EPHEMERAL_STORAGE_SHARE = 0.8;

  private NodeTemplateTags() {
  }

  static Map<String, String> of(Map<String, String> labels, List<NodeTaint> taints, InstanceType smallest,
                                int maxPods, int rootVolumeSizeGib) {
    Map<String, String> tags = new TreeMap<>();
    labels.forEach((key, value) -> tags.put(ClusterTags.NODE_TEMPLATE_PREFIX + "label/" + key, value));
    taints.forEach(taint -> tags.put(ClusterTags.NODE_TEMPLATE_PREFIX + "taint/" + taint.key(), taint.toTemplateTagValue()));
    NodeAllocatable allocatable = NodeAllocatable.of(smallest, maxPods);
    tags.put(ClusterTags.NODE_TEMPLATE_PREFIX + "resources/cpu", allocatable.cpuMillis() + "m");
    tags.put(ClusterTags.NODE_TEMPLATE_PREFIX + "resources/memory", allocatable.memoryMib() + "Mi");
    tags.put(ClusterTags.NODE_TEMPLATE_PREFIX + "resources/pods", Integer.toString(allocatable.pods()));
    long storageGib = (long) Math.floor(rootVolumeSizeGib * EPHEMERAL_STORAGE_SHARE);
    tags.put(ClusterTags.NODE_TEMPLATE_PREFIX + "resources/ephemeral-storage", storageGib + "Gi");
    return tags;
  }
}
