package io.spotkube.runtime.scaling.nodegroupset;

import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.NodeTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether two node groups are interchangeable for balancing (upstream's
 * {@code IsCloudProviderNodeInfoSimilar} with the AWS ignored labels): template cpu and memory
 * within 5% of each other, identical extended resources and pod capacity, the same taints, and the
 * same labels apart from those that differ per zone, per node or per group by nature.
 */
public final class SimilarNodeGroups {

  /** Upstream's MaxAllocatableDifferenceRatio. */
  static final double MAX_ALLOCATABLE_DIFFERENCE_RATIO = 0.05;

  /** Labels that say where or which a node is, not what it can run. */
  public static final Set<String> IGNORED_LABELS = Set.of(
      "kubernetes.io/hostname",
      "topology.kubernetes.io/zone",
      "topology.kubernetes.io/region",
      "failure-domain.beta.kubernetes.io/zone",
      "failure-domain.beta.kubernetes.io/region",
      "topology.ebs.csi.aws.com/zone",
      "lifecycle",
      "node.kubernetes.io/lifecycle",
      "kops.k8s.io/instancegroup",
      "alpha.eksctl.io/instance-id",
      "alpha.eksctl.io/nodegroup-name",
      "eks.amazonaws.com/nodegroup",
      "k8s.amazonaws.com/eniConfig",
      "beta.kubernetes.io/fluentd-ds-ready");

  private SimilarNodeGroups() {
  }

  /**
   * The groups a scale-up of {@code group} may be balanced over, as upstream's
   * {@code ComputeSimilarNodeGroups}: of {@code candidates} (the groups that may grow at all: not backed
   * off, below max size), those {@link #similar} to it that can take <em>every</em> pod group
   * {@code group} can take ({@code matchingSchedulablePodGroups}), not merely the pods one estimate
   * happened to place. A group in another zone thus never takes the nodes meant for zone-pinned pods.
   *
   * @param schedulable by group name, the pod groups an empty template node of the group can take
   *                    (upstream's {@code schedulablePodGroups})
   * @return the similar groups, in the order of {@code candidates}, without {@code group} itself
   */
  public static <P> List<NodeGroup> forScaleUp(NodeGroup group, List<NodeGroup> candidates,
      Map<String, Set<P>> schedulable) {
    Set<P> needed = schedulable.getOrDefault(group.name(), Set.of());
    List<NodeGroup> result = new ArrayList<>();
    if (needed.isEmpty()) {
      return result;
    }
    for (NodeGroup candidate : candidates) {
      if (!candidate.name().equals(group.name()) && similar(group, candidate)
          && schedulable.getOrDefault(candidate.name(), Set.of()).containsAll(needed)) {
        result.add(candidate);
      }
    }
    return result;
  }

  public static boolean similar(NodeGroup first, NodeGroup second) {
    NodeTemplate a = first.template();
    NodeTemplate b = second.template();
    Resources ra = a.allocatable();
    Resources rb = b.allocatable();
    if (!within(ra.cpuMillis(), rb.cpuMillis()) || !within(ra.memoryBytes(), rb.memoryBytes())
        || !within(ra.ephemeralStorageBytes(), rb.ephemeralStorageBytes())) {
      return false;
    }
    if (ra.pods() != rb.pods() || !ra.extended().equals(rb.extended())) {
      return false;
    }
    if (!new HashSet<>(a.taints()).equals(new HashSet<>(b.taints()))) {
      return false;
    }
    return significant(a.labels()).equals(significant(b.labels()));
  }

  private static boolean within(long a, long b) {
    long larger = Math.max(a, b);
    return larger == 0 || (double) (larger - Math.min(a, b)) / larger <= MAX_ALLOCATABLE_DIFFERENCE_RATIO;
  }

  private static Map<String, String> significant(Map<String, String> labels) {
    Map<String, String> kept = new HashMap<>(labels);
    kept.keySet().removeAll(IGNORED_LABELS);
    return kept;
  }
}
