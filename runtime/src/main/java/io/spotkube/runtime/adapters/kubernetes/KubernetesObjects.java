package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Volume;
import io.spotkube.runtime.model.LabelSelector;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.NodeSelectorRequirement;
import io.spotkube.runtime.model.NodeSelectorTerm;
import io.spotkube.runtime.model.PodAffinityTerm;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.model.Quantity;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.model.Toleration;
import io.spotkube.runtime.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts fabric8 objects into the runtime's model: what the scheduler and a drain look at and
 * nothing else (annotations only under {@code cluster-autoscaler.kubernetes.io/}, the runtime's
 * own; a real pod's others, such as kubectl's last-applied configuration, would fill the heap).
 * Pure functions, so the conversion rules are tested without a server.
 */
public final class KubernetesObjects {

  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private KubernetesObjects() {
  }

  /** The annotations the runtime reads: cluster-autoscaler's. */
  static final String AUTOSCALER_ANNOTATIONS = "cluster-autoscaler.kubernetes.io/";

  /** The model of a pod, empty for a finished one (Succeeded, Failed): nothing reads those. */
  public static Optional<Pod> unfinishedPod(io.fabric8.kubernetes.api.model.Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase) || pod.getSpec() == null) {
      return Optional.empty();
    }
    return Optional.of(pod(pod));
  }

  /** Pending and marked by the scheduler: PodScheduled=False with reason Unschedulable. */
  private static boolean markedUnschedulable(io.fabric8.kubernetes.api.model.Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
          && "Unschedulable".equals(condition.getReason())) {
        return true;
      }
    }
    return false;
  }

  public static Pod pod(io.fabric8.kubernetes.api.model.Pod pod) {
    var meta = pod.getMetadata();
    var spec = pod.getSpec();
    String where = "pod " + meta.getNamespace() + "/" + meta.getName();
    Map<String, String> annotations = orEmpty(meta.getAnnotations());
    Map<String, String> kept = autoscalerAnnotations(annotations);
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    Pod.Builder builder = Pod.builder(meta.getNamespace(), meta.getName())
        .labels(orEmpty(meta.getLabels()))
        .nodeName(spec.getNodeName() == null || spec.getNodeName().isEmpty() ? null : spec.getNodeName())
        .requests(requests(where, spec))
        .nodeSelector(orEmpty(spec.getNodeSelector()))
        .annotations(kept)
        .priority(spec.getPriority() == null ? 0 : spec.getPriority())
        .ownerKind(ownerKind(meta.getOwnerReferences()))
        .mirror(annotations.containsKey(MIRROR_ANNOTATION))
        .terminationGracePeriodSeconds(spec.getTerminationGracePeriodSeconds())
        .terminating(meta.getDeletionTimestamp() != null)
        .finished("Succeeded".equals(phase) || "Failed".equals(phase))
        .markedUnschedulable(markedUnschedulable(pod))
        .localStorage(localStorage(spec.getVolumes()))
        .persistentVolumeClaims(claims(spec.getVolumes()));
    if (spec.getTolerations() != null) {
      spec.getTolerations().forEach(t -> builder.toleration(new Toleration(t.getKey(), t.getOperator(), t.getValue(),
          t.getEffect())));
    }
    builder.requiredNodeAffinityTerms(requiredAffinity(spec));
    if (spec.getAffinity() != null && spec.getAffinity().getPodAffinity() != null) {
      builder.requiredPodAffinity(podAffinityTerms(
          spec.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()));
    }
    if (spec.getAffinity() != null && spec.getAffinity().getPodAntiAffinity() != null) {
      builder.requiredPodAntiAffinity(podAffinityTerms(
          spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()));
    }
    if (spec.getTopologySpreadConstraints() != null) {
      spec.getTopologySpreadConstraints().forEach(c -> builder.topologySpreadConstraint(new TopologySpreadConstraint(
          c.getMaxSkew(), c.getTopologyKey(), c.getWhenUnsatisfiable(), labelSelector(c.getLabelSelector()))));
    }
    for (Container container : spec.getContainers()) {
      if (container.getPorts() != null) {
        for (ContainerPort port : container.getPorts()) {
          if (port.getHostPort() != null && port.getHostPort() > 0) {
            builder.hostPort(port.getHostPort());
          }
        }
      }
    }
    return builder.build();
  }

  public static Node node(io.fabric8.kubernetes.api.model.Node node) {
    var status = node.getStatus();
    Map<String, Quantity> allocatable = new HashMap<>();
    if (status != null && status.getAllocatable() != null) {
      status.getAllocatable().forEach((name, quantity) -> allocatable.put(name,
          Quantity.parse("node " + node.getMetadata().getName() + " allocatable " + name, text(quantity))));
    }
    List<Taint> taints = new ArrayList<>();
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      node.getSpec().getTaints().forEach(t -> taints.add(new Taint(t.getKey(), t.getValue(), t.getEffect())));
    }
    boolean ready = false;
    if (status != null && status.getConditions() != null) {
      for (NodeCondition condition : status.getConditions()) {
        if ("Ready".equals(condition.getType())) {
          ready = "True".equals(condition.getStatus());
        }
      }
    }
    boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    return new Node(node.getMetadata().getName(), null,
        Resources.fromQuantities("node " + node.getMetadata().getName(), allocatable),
        orEmpty(node.getMetadata().getLabels()), taints, ready, cordoned, 0,
        node.getSpec() == null ? null : node.getSpec().getProviderID(),
        autoscalerAnnotations(orEmpty(node.getMetadata().getAnnotations())), internalIp(status));
  }

  /** The first InternalIP of the node's addresses (set by the kubelet's --node-ip or the cloud controller manager). */
  private static String internalIp(io.fabric8.kubernetes.api.model.NodeStatus status) {
    if (status == null || status.getAddresses() == null) {
      return null;
    }
    return status.getAddresses().stream().filter(address -> "InternalIP".equals(address.getType()))
        .map(io.fabric8.kubernetes.api.model.NodeAddress::getAddress).findFirst().orElse(null);
  }

  /** What the informer keeps of an object for itself: name, namespace, resourceVersion. */
  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T shell(T item, java.util.function.Supplier<T> empty) {
    T shell = empty.get();
    var meta = item.getMetadata();
    shell.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(meta.getName())
        .withNamespace(meta.getNamespace()).withResourceVersion(meta.getResourceVersion()).build());
    return shell;
  }

  public static PodDisruptionBudget budget(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget budget) {
    Map<String, String> selector = budget.getSpec() == null || budget.getSpec().getSelector() == null ? Map.of()
        : orEmpty(budget.getSpec().getSelector().getMatchLabels());
    Integer allowed = budget.getStatus() == null ? null : budget.getStatus().getDisruptionsAllowed();
    return new PodDisruptionBudget(budget.getMetadata().getNamespace(), budget.getMetadata().getName(), selector,
        allowed == null ? 0 : Math.max(0, allowed));
  }

  /**
   * Sum of the containers' requests, raised to the largest init container's where that is larger,
   * plus the pod overhead: the scheduler's effective request.
   */
  private static Resources requests(String where, io.fabric8.kubernetes.api.model.PodSpec spec) {
    Map<String, Quantity> sum = new HashMap<>();
    for (Container container : spec.getContainers()) {
      containerRequests(where, container).forEach((name, amount) -> sum.merge(name, amount, Quantity::plus));
    }
    if (spec.getInitContainers() != null) {
      for (Container init : spec.getInitContainers()) {
        containerRequests(where, init).forEach((name, amount) -> sum.merge(name, amount,
            (a, b) -> a.compareTo(b) >= 0 ? a : b));
      }
    }
    if (spec.getOverhead() != null) {
      spec.getOverhead().forEach((name, quantity) -> sum.merge(name,
          Quantity.parse(where + " overhead " + name, text(quantity)), Quantity::plus));
    }
    return Resources.fromQuantities(where + " requests", sum);
  }

  private static Map<String, Quantity> containerRequests(String where, Container container) {
    Map<String, Quantity> requests = new HashMap<>();
    if (container.getResources() != null && container.getResources().getRequests() != null) {
      container.getResources().getRequests().forEach((name, quantity) -> requests.put(name,
          Quantity.parse(where + " container " + container.getName() + " requests " + name, text(quantity))));
    }
    return requests;
  }

  /**
   * Every term of the required node affinity (ORed by the model). A term's matchFields (only
   * {@code metadata.name} exists) is read as the hostname label it equals on every node.
   */
  private static List<NodeSelectorTerm> requiredAffinity(io.fabric8.kubernetes.api.model.PodSpec spec) {
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms() == null) {
      return List.of();
    }
    List<NodeSelectorTerm> terms = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.NodeSelectorTerm term : spec.getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
      List<NodeSelectorRequirement> requirements = new ArrayList<>();
      if (term.getMatchExpressions() != null) {
        term.getMatchExpressions().forEach(e -> requirements.add(
            new NodeSelectorRequirement(e.getKey(), e.getOperator(), e.getValues())));
      }
      if (term.getMatchFields() != null) {
        term.getMatchFields().forEach(e -> requirements.add(
            new NodeSelectorRequirement(io.spotkube.runtime.model.Labels.HOSTNAME, e.getOperator(), e.getValues())));
      }
      terms.add(new NodeSelectorTerm(requirements));
    }
    return terms;
  }

  private static List<PodAffinityTerm> podAffinityTerms(List<io.fabric8.kubernetes.api.model.PodAffinityTerm> terms) {
    if (terms == null) {
      return List.of();
    }
    return terms.stream().map(term -> new PodAffinityTerm(labelSelector(term.getLabelSelector()),
        term.getNamespaces(), term.getTopologyKey())).toList();
  }

  /** A label selector; a missing one selects nothing, as in the API. */
  private static LabelSelector labelSelector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    if (selector == null) {
      return LabelSelector.NOTHING;
    }
    List<NodeSelectorRequirement> expressions = new ArrayList<>();
    if (selector.getMatchExpressions() != null) {
      selector.getMatchExpressions().forEach(e -> expressions.add(
          new NodeSelectorRequirement(e.getKey(), e.getOperator(), e.getValues())));
    }
    return new LabelSelector(orEmpty(selector.getMatchLabels()), expressions);
  }

  private static Map<String, String> autoscalerAnnotations(Map<String, String> annotations) {
    Map<String, String> kept = new HashMap<>();
    annotations.forEach((key, value) -> {
      if (key.startsWith(AUTOSCALER_ANNOTATIONS)) {
        kept.put(key, value);
      }
    });
    return kept;
  }

  private static List<String> claims(List<Volume> volumes) {
    if (volumes == null) {
      return List.of();
    }
    return volumes.stream().filter(volume -> volume.getPersistentVolumeClaim() != null)
        .map(volume -> volume.getPersistentVolumeClaim().getClaimName()).toList();
  }

  /**
   * The zones a PersistentVolume's node affinity allows ({@code topology.kubernetes.io/zone} or
   * the EBS CSI driver's {@code topology.ebs.csi.aws.com/zone}, operator In, over its terms); empty
   * for a volume any node may mount.
   */
  public static List<String> volumeZones(io.fabric8.kubernetes.api.model.PersistentVolume volume) {
    if (volume.getSpec() == null || volume.getSpec().getNodeAffinity() == null
        || volume.getSpec().getNodeAffinity().getRequired() == null
        || volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms() == null) {
      return List.of();
    }
    java.util.Set<String> zones = new java.util.TreeSet<>();
    for (var term : volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()) {
      if (term.getMatchExpressions() == null) {
        continue;
      }
      term.getMatchExpressions().stream()
          .filter(e -> "In".equals(e.getOperator()) && e.getValues() != null)
          .filter(e -> io.spotkube.runtime.model.Labels.ZONE.equals(e.getKey())
              || io.spotkube.runtime.model.Labels.EBS_CSI_ZONE.equals(e.getKey()))
          .forEach(e -> zones.addAll(e.getValues()));
    }
    return List.copyOf(zones);
  }

  private static String ownerKind(List<OwnerReference> owners) {
    if (owners == null) {
      return null;
    }
    return owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).map(OwnerReference::getKind)
        .findFirst().orElse(null);
  }

  /** Upstream counts hostPath and disk-backed emptyDir as local storage. */
  private static boolean localStorage(List<Volume> volumes) {
    if (volumes == null) {
      return false;
    }
    return volumes.stream().anyMatch(volume -> volume.getHostPath() != null
        || (volume.getEmptyDir() != null && !"Memory".equals(volume.getEmptyDir().getMedium())));
  }

  static String text(io.fabric8.kubernetes.api.model.Quantity quantity) {
    return quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
