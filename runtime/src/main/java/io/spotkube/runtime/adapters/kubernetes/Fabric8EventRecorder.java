package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.ports.EventRecorder;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventRecorder} with fabric8, one per reporting component ({@code cluster-autoscaler},
 * {@code spotkube-draining}). Node events go to {@code nodeEventNamespace} (nodes have none; kubectl
 * shows events of any namespace on {@code describe node}), pod events to the pod's namespace.
 */
public final class Fabric8EventRecorder implements EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8EventRecorder.class);

  private final KubernetesClient client;
  private final String component;
  private final String nodeEventNamespace;
  private final Clock clock;

  public Fabric8EventRecorder(KubernetesClient client, String component, String nodeEventNamespace, Clock clock) {
    this.client = client;
    this.component = component;
    this.nodeEventNamespace = nodeEventNamespace;
    this.clock = clock;
  }

  @Override
  public void nodeEvent(String nodeName, String type, String reason, String message) {
    post(nodeEventNamespace, "Node", nodeName, null, type, reason, message);
  }

  @Override
  public void podEvent(Pod pod, String type, String reason, String message) {
    post(pod.namespace(), "Pod", pod.name(), pod.namespace(), type, reason, message);
  }

  private void post(String eventNamespace, String kind, String name, String objectNamespace, String type,
      String reason, String message) {
    String now = clock.instant().toString();
    try {
      client.v1().events().inNamespace(eventNamespace).resource(new EventBuilder()
          .withNewMetadata().withNamespace(eventNamespace)
          .withName(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
          .endMetadata()
          .withNewInvolvedObject().withApiVersion("v1").withKind(kind).withName(name)
          .withNamespace(objectNamespace).endInvolvedObject()
          .withType(type).withReason(reason).withMessage(message)
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(component).endSource()
          .withReportingComponent(component)
          .build()).create();
    } catch (RuntimeException e) {
      LOG.warn("recording event {} on {} {}: {}", reason, kind, name, e.getMessage());
    }
  }
}
