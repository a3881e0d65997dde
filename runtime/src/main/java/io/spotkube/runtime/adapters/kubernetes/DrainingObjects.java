package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;

/**
 * The parts of nodes and pods the interruption handler reads (Fabric8ClusterApi's toInfo and
 * indexers), copied out of the full objects so its informer caches stay small (see SlimItemStore).
 */
final class DrainingObjects {

  private DrainingObjects() {
  }

  /** Name, namespace, version, controller owner, mirror annotation; node, grace period; phase. */
  static Pod slimPod(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    List<OwnerReference> controller = meta.getOwnerReferences() == null ? null : meta.getOwnerReferences().stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController())).limit(1).toList();
    String mirror = meta.getAnnotations() == null ? null : meta.getAnnotations().get(KubernetesObjects.MIRROR_ANNOTATION);
    Map<String, String> annotations = mirror == null ? null : Map.of(KubernetesObjects.MIRROR_ANNOTATION, mirror);
    PodBuilder slim = new PodBuilder().withMetadata(new ObjectMetaBuilder().withName(meta.getName())
        .withNamespace(meta.getNamespace()).withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion())
        .withOwnerReferences(controller).withAnnotations(annotations).build());
    if (pod.getSpec() != null) {
      slim.withNewSpec().withNodeName(pod.getSpec().getNodeName())
          .withTerminationGracePeriodSeconds(pod.getSpec().getTerminationGracePeriodSeconds()).endSpec();
    }
    if (pod.getStatus() != null) {
      slim.withNewStatus().withPhase(pod.getStatus().getPhase()).endStatus();
    }
    return slim.build();
  }

  /** Name, version; provider ID, unschedulable; the Ready condition. */
  static Node slimNode(Node node) {
    ObjectMeta meta = node.getMetadata();
    NodeBuilder slim = new NodeBuilder().withMetadata(new ObjectMetaBuilder().withName(meta.getName())
        .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).build());
    if (node.getSpec() != null) {
      slim.withNewSpec().withProviderID(node.getSpec().getProviderID())
          .withUnschedulable(node.getSpec().getUnschedulable()).endSpec();
    }
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      List<NodeCondition> ready = node.getStatus().getConditions().stream()
          .filter(condition -> "Ready".equals(condition.getType()))
          .map(condition -> new NodeConditionBuilder().withType("Ready").withStatus(condition.getStatus()).build())
          .toList();
      slim.withNewStatus().withConditions(ready).endStatus();
    }
    return slim.build();
  }
}
