package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EvictionResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClusterWriter} with fabric8: cordons without a taint as one merge patch (no read), taints
 * as read-modify-write of the node's list (fabric8 computes the JSON patch and retries on
 * conflict), evictions through the Eviction API. Every call is timed as
 * {@code spotkube_api_call_seconds{call="kubernetes.<Verb>"}}.
 */
public final class Fabric8ClusterWriter implements ClusterWriter {

  private final KubernetesClient client;
  /** Evictions without the client's own retries: a 429 must come back at once, the drain retries it. */
  private final KubernetesClient evictionClient;
  private final CallTimer timer;

  public Fabric8ClusterWriter(KubernetesClient client, CallTimer timer) {
    this.client = client;
    this.evictionClient = client.newClient(new RequestConfigBuilder().withRequestRetryBackoffLimit(0).build())
        .adapt(KubernetesClient.class);
    this.timer = timer;
  }

  @Override
  public void cordon(String nodeName, Optional<Taint> taint, Map<String, String> labels) {
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
      timer.time("kubernetes.EditNode", () -> client.nodes().withName(nodeName).edit(node -> {
        node.getSpec().setUnschedulable(true);
        withTaint(node, taint.get());
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
  public void label(String nodeName, Map<String, String> labels) {
    try {
      // One request, no read: labels are a map, merged by key.
      String json = client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of("labels", labels)));
      timer.time("kubernetes.PatchNode", () -> client.nodes().withName(nodeName)
          .patch(PatchContext.of(PatchType.JSON_MERGE), json));
    } catch (KubernetesClientException e) {
      throw new KubernetesCallException("labelling node " + nodeName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void addTaint(String nodeName, Taint taint) {
    try {
      timer.time("kubernetes.EditNode", () -> client.nodes().withName(nodeName).edit(node -> withTaint(node, taint)));
    } catch (KubernetesClientException e) {
      throw new KubernetesCallException("tainting node " + nodeName + " with " + taint + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void removeTaint(String nodeName, String key) {
    try {
      if (client.nodes().withName(nodeName).get() == null) {
        return;
      }
      timer.time("kubernetes.EditNode", () -> client.nodes().withName(nodeName).edit(node -> {
        if (node.getSpec().getTaints() != null) {
          List<io.fabric8.kubernetes.api.model.Taint> taints = new ArrayList<>(node.getSpec().getTaints());
          taints.removeIf(taint -> key.equals(taint.getKey()));
          node.getSpec().setTaints(taints);
        }
        return node;
      }));
    } catch (KubernetesClientException e) {
      throw new KubernetesCallException("removing taint " + key + " from node " + nodeName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public EvictionResult evict(Pod pod, long gracePeriodSeconds) {
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

  /** The node with the taint added unless one with its key is there (any effect: one key, one meaning). */
  private static io.fabric8.kubernetes.api.model.Node withTaint(io.fabric8.kubernetes.api.model.Node node,
      Taint wanted) {
    List<io.fabric8.kubernetes.api.model.Taint> taints = new ArrayList<>(
        node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints());
    if (taints.stream().noneMatch(taint -> wanted.key().equals(taint.getKey()))) {
      taints.add(new TaintBuilder().withKey(wanted.key()).withValue(wanted.value()).withEffect(wanted.effect()).build());
      node.getSpec().setTaints(taints);
    }
    return node;
  }
}
