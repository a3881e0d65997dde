package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.spotkube.runtime.ports.ScalingClusterActions;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Taint;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ScalingClusterActions} with fabric8. Events and the status ConfigMap are best effort: a
 * failure is logged and the loop goes on; taints and evictions report failure to the caller.
 */
public final class Fabric8ScalingActions implements ScalingClusterActions, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Fabric8ScalingActions.class.getName());
  static final String COMPONENT = "cluster-autoscaler";

  private final KubernetesClient client;
  /** Evictions answered 429 (a PDB) are a decision, not a glitch: this client does not retry them. */
  private final KubernetesClient evictionClient;
  private final String namespace;
  private final String statusConfigMap;
  private final Clock clock;

  public Fabric8ScalingActions(KubernetesClient client, String namespace, String statusConfigMap, Clock clock) {
    this.client = client;
    this.evictionClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withRequestRetryBackoffLimit(0).build()).build();
    this.namespace = namespace;
    this.statusConfigMap = statusConfigMap;
    this.clock = clock;
  }

  @Override
  public void addTaint(String node, Taint taint) {
    try {
      client.nodes().withName(node).edit(current -> {
        var spec = current.getSpec();
        var taints = spec.getTaints() == null ? new ArrayList<io.fabric8.kubernetes.api.model.Taint>()
            : new ArrayList<>(spec.getTaints());
        if (taints.stream().noneMatch(t -> t.getKey().equals(taint.key()))) {
          taints.add(new TaintBuilder().withKey(taint.key()).withValue(taint.value()).withEffect(taint.effect()).build());
        }
        spec.setTaints(taints);
        return current;
      });
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("tainting node " + node + " with " + taint + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void removeTaint(String node, String key) {
    try {
      if (client.nodes().withName(node).get() == null) {
        return;
      }
      client.nodes().withName(node).edit(current -> {
        if (current.getSpec().getTaints() != null) {
          var taints = new ArrayList<>(current.getSpec().getTaints());
          taints.removeIf(t -> t.getKey().equals(key));
          current.getSpec().setTaints(taints);
        }
        return current;
      });
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "removing taint {0} from node {1}: {2}", key, node, e.getMessage());
    }
  }

  @Override
  public boolean evict(Pod pod) {
    try {
      return evictionClient.pods().inNamespace(pod.namespace()).withName(pod.name()).evict();
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "evicting pod {0}: {1}", pod.key(), e.getMessage());
      return false;
    }
  }

  @Override
  public void podEvent(Pod pod, String type, String reason, String message) {
    event(pod.namespace(), "Pod", pod.name(), type, reason, message);
  }

  @Override
  public void nodeEvent(String node, String type, String reason, String message) {
    event("default", "Node", node, type, reason, message);
  }

  private void event(String eventNamespace, String kind, String name, String type, String reason, String message) {
    String now = clock.instant().toString();
    try {
      client.v1().events().inNamespace(eventNamespace).resource(new EventBuilder()
          .withNewMetadata().withNamespace(eventNamespace)
          .withName(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
          .endMetadata()
          .withNewInvolvedObject().withApiVersion("v1").withKind(kind).withName(name)
          .withNamespace("Node".equals(kind) ? null : eventNamespace).endInvolvedObject()
          .withType(type).withReason(reason).withMessage(message)
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "recording event {0} on {1} {2}: {3}", reason, kind, name, e.getMessage());
    }
  }

  @Override
  public void writeStatus(String status) {
    try {
      client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
          .withNewMetadata().withNamespace(namespace).withName(statusConfigMap).endMetadata()
          .withData(Map.of("status", status)).build()).createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "writing status ConfigMap {0}/{1}: {2}", namespace, statusConfigMap, e.getMessage());
    }
  }

  @Override
  public void close() {
    evictionClient.close();
  }
}
