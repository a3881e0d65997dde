package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.ClusterApi;
import io.spotkube.runtime.ports.EvictionResult;
import io.spotkube.runtime.ports.NodeInfo;
import io.spotkube.runtime.ports.NodeTaint;
import io.spotkube.runtime.ports.PodInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler's Kubernetes calls through fabric8. Nodes and pods are read from informer caches
 * indexed by instance id and by node name (one watch each instead of a list per message); writes go
 * to the API server: cordon and taint by patch, evictions through the Eviction API, Events.
 */
public final class Fabric8ClusterApi implements ClusterApi, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterApi.class);
  private static final String BY_INSTANCE = "instanceId";
  private static final String BY_NODE = "nodeName";
  private static final long LIST_PAGE = 500;

  private final KubernetesClient client;
  /** Evictions without the client's own retries: a 429 must come back at once so the drain loop retries it. */
  private final KubernetesClient evictionClient;
  private final Clock clock;
  private final String eventNamespace;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;

  private final CallTimer timer;

  private Fabric8ClusterApi(KubernetesClient client, Clock clock, String eventNamespace, CallTimer timer) {
    this.timer = timer;
    this.client = client;
    this.evictionClient = client.newClient(new RequestConfigBuilder().withRequestRetryBackoffLimit(0).build())
        .adapt(KubernetesClient.class);
    this.clock = clock;
    this.eventNamespace = eventNamespace;
    // Listed in pages and cached slimmed: a real cluster's full pods would not fit the handler's heap.
    this.nodes = client.nodes().withLimit(LIST_PAGE).runnableInformer(0)
        .itemStore(new SlimItemStore<>(DrainingObjects::slimNode));
    this.nodes.addIndexers(Map.of(BY_INSTANCE, node -> instanceIdsOf(node)));
    this.pods = client.pods().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0)
        .itemStore(new SlimItemStore<>(DrainingObjects::slimPod));
    this.pods.addIndexers(Map.of(BY_NODE, pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null
        ? List.of() : List.of(pod.getSpec().getNodeName())));
  }

  /** Starts the informers and waits (up to {@code syncSeconds}) for their first list. */
  public static Fabric8ClusterApi start(KubernetesClient client, Clock clock, String eventNamespace, long syncSeconds) {
    return start(client, clock, eventNamespace, syncSeconds, CallTimer.NONE);
  }

  public static Fabric8ClusterApi start(KubernetesClient client, Clock clock, String eventNamespace, long syncSeconds,
      CallTimer timer) {
    Fabric8ClusterApi api = new Fabric8ClusterApi(client, clock, eventNamespace, timer);
    try {
      api.nodes.start().toCompletableFuture().get(syncSeconds, TimeUnit.SECONDS);
      api.pods.start().toCompletableFuture().get(syncSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      api.close();
      throw new KubernetesCallException("starting the node and pod informers: " + e.getMessage(), e);
    }
    return api;
  }

  @Override
  public Optional<NodeInfo> nodeForInstance(String instanceId) {
    return nodes.getIndexer().byIndex(BY_INSTANCE, instanceId).stream().findFirst().map(Fabric8ClusterApi::toInfo);
  }

  @Override
  public Optional<NodeInfo> nodeNamed(String name) {
    Node node = nodes.getStore().getByKey(name);
    if (node == null) {
      try {
        node = client.nodes().withName(name).get();
      } catch (KubernetesClientException e) {
        throw new KubernetesCallException("reading node " + name + ": " + e.getMessage(), e);
      }
    }
    return Optional.ofNullable(node).map(Fabric8ClusterApi::toInfo);
  }

  @Override
  public void cordon(String nodeName, Optional<NodeTaint> taint, Map<String, String> labels) {
    try {
      if (taint.isEmpty()) {
        // One request, no read: a merge patch of spec.unschedulable (and labels, a map, merged by key).
        Map<String, Object> patch = new HashMap<>();
        patch.put("spec", Map.of("unschedulable", true));
        if (!labels.isEmpty()) {
          patch.put("metadata", Map.of("labels", labels));
        }
        String json = client.getKubernetesSerialization().asJson(patch);
        timer.time("kubernetes.PatchNode", () -> client.nodes().withName(nodeName)
            .patch(PatchContext.of(PatchType.JSON_MERGE), json));
        return;
      }
      // Taints are a list: read, add if absent, write back as a JSON patch computed by fabric8.
      timer.time("kubernetes.EditNode", () -> client.nodes().withName(nodeName).edit(node -> {
        node.getSpec().setUnschedulable(true);
        addTaint(node, taint.get());
        if (!labels.isEmpty()) {
          Map<String, String> merged = new HashMap<>(node.getMetadata().getLabels() == null
              ? Map.of() : node.getMetadata().getLabels());
          merged.putAll(labels);
          node.getMetadata().setLabels(merged);
        }
        return node;
      }));
    } catch (KubernetesClientException e) {
      throw new KubernetesCallException("cordoning node " + nodeName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<PodInfo> podsOnNode(String nodeName) {
    List<PodInfo> result = new ArrayList<>();
    for (Pod pod : pods.getIndexer().byIndex(BY_NODE, nodeName)) {
      result.add(toInfo(pod));
    }
    return result;
  }

  @Override
  public EvictionResult evict(PodInfo pod, long gracePeriodSeconds) {
    Eviction eviction = new EvictionBuilder()
        .withNewMetadata().withName(pod.name()).withNamespace(pod.namespace()).endMetadata()
        .withDeleteOptions(new DeleteOptionsBuilder().withGracePeriodSeconds(gracePeriodSeconds).build())
        .build();
    try {
      return timer.time("kubernetes.EvictPod",
          () -> evictionClient.pods().inNamespace(pod.namespace()).withName(pod.name()).evict(eviction))
          ? EvictionResult.EVICTED : EvictionResult.BLOCKED;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return EvictionResult.GONE;
      }
      throw new KubernetesCallException("evicting pod " + pod.key() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void recordNodeEvent(String nodeName, String reason, String message, boolean warning) {
    postEvent(nodeName, reason, message, warning, clock.instant().toString());
  }

  private void postEvent(String nodeName, String reason, String message, boolean warning, String now) {
    try {
      client.v1().events().inNamespace(eventNamespace).resource(new EventBuilder()
          .withNewMetadata().withName(nodeName + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace(eventNamespace).endMetadata()
          .withNewInvolvedObject().withKind("Node").withName(nodeName).withApiVersion("v1").withUid(nodeName)
          .endInvolvedObject()
          .withReason(reason).withMessage(message).withType(warning ? "Warning" : "Normal")
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent("spotkube-draining").endSource()
          .build()).create();
    } catch (RuntimeException eventFailure) {
      LOG.warn("recording event {} on node {}: {}", reason, nodeName, eventFailure.getMessage());
    }
  }

  @Override
  public void close() {
    nodes.close();
    pods.close();
  }

  private static void addTaint(Node node, NodeTaint wanted) {
    List<Taint> taints = new ArrayList<>(node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints());
    boolean present = taints.stream().anyMatch(taint -> wanted.key().equals(taint.getKey())
        && wanted.effect().equals(taint.getEffect()));
    if (!present) {
      taints.add(new TaintBuilder().withKey(wanted.key()).withValue(wanted.value()).withEffect(wanted.effect()).build());
      node.getSpec().setTaints(taints);
    }
  }

  /** {@code aws:///eu-west-1a/i-0123456789abcdef0} -> {@code i-0123456789abcdef0}. */
  static List<String> instanceIdsOf(Node node) {
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    if (providerId == null || !providerId.startsWith("aws://")) {
      return List.of();
    }
    String id = providerId.substring(providerId.lastIndexOf('/') + 1);
    return id.startsWith("i-") ? List.of(id) : List.of();
  }

  static NodeInfo toInfo(Node node) {
    boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch((NodeCondition condition) -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    return new NodeInfo(node.getMetadata().getName(), node.getSpec() == null ? null : node.getSpec().getProviderID(),
        ready, unschedulable);
  }

  static PodInfo toInfo(Pod pod) {
    String ownerKind = pod.getMetadata().getOwnerReferences() == null ? null
        : pod.getMetadata().getOwnerReferences().stream()
            .filter(owner -> Boolean.TRUE.equals(owner.getController()))
            .map(OwnerReference::getKind).findFirst().orElse(null);
    boolean mirror = pod.getMetadata().getAnnotations() != null
        && pod.getMetadata().getAnnotations().containsKey(KubernetesObjects.MIRROR_ANNOTATION);
    Long grace = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
    return new PodInfo(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), ownerKind, mirror, grace, finished);
  }
}
