package io.spotkube.runtime.cli;

import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.ports.AutoscalerConfigMaps;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.EvictionResult;
import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.LifecycleActions;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.ports.QueueMessage;
import io.spotkube.runtime.ports.ScalingActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --dry-run}, aws-node-termination-handler's meaning ("only log if a node would be drained")
 * for both controllers: every port that writes is wrapped so the write is logged ({@code dry run:
 * would ...}) and not made; reads go through. The controllers run their real decisions on the real
 * cluster and queue. Queue messages are neither deleted nor kept hidden, so a handler that does act
 * (the real one beside this dry run) still gets them after their visibility timeout.
 *
 * <p>One instance per controller: the pods it "evicted" are hidden from its {@link #view}, so a drain
 * ends as it would (instead of waiting its whole deadline for pods that stay) and logs each step once.
 */
final class DryRun {

  private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

  /** namespace/name of the pods this controller would have evicted. */
  private final Set<String> evicted = ConcurrentHashMap.newKeySet();

  /** The cluster as it would be: without the pods this controller would have evicted. */
  ClusterView view(ClusterView real) {
    return new ClusterView() {
      @Override
      public List<Node> nodes() {
        return real.nodes();
      }

      @Override
      public Optional<Node> node(String name) {
        return real.node(name);
      }

      @Override
      public Optional<Node> nodeForInstance(String instanceId) {
        return real.nodeForInstance(instanceId);
      }

      @Override
      public List<Pod> pods() {
        return present(real.pods());
      }

      @Override
      public List<Pod> podsOnNode(String nodeName) {
        return present(real.podsOnNode(nodeName));
      }

      @Override
      public List<PodDisruptionBudget> podDisruptionBudgets() {
        return real.podDisruptionBudgets();
      }
    };
  }

  private List<Pod> present(List<Pod> pods) {
    return evicted.isEmpty() ? pods : pods.stream().filter(pod -> !evicted.contains(key(pod))).toList();
  }

  private static String key(Pod pod) {
    return pod.namespace() + "/" + pod.name();
  }

  ClusterWriter writer(ClusterWriter real) {
    return new ClusterWriter() {
      @Override
      public void cordon(String nodeName, Optional<Taint> taint, Map<String, String> labels) {
        LOG.info("dry run: would cordon node {} (taint {}, labels {})", nodeName, taint.map(Taint::key).orElse("none"),
            labels);
      }

      @Override
      public void addTaint(String nodeName, Taint taint) {
        LOG.info("dry run: would taint node {} with {}", nodeName, taint.key());
      }

      @Override
      public void removeTaint(String nodeName, String key) {
        LOG.info("dry run: would remove taint {} from node {}", key, nodeName);
      }

      @Override
      public void label(String nodeName, Map<String, String> labels) {
        LOG.info("dry run: would label node {} with {}", nodeName, labels);
      }

      /** Accepted, as the Eviction API would without a PodDisruptionBudget; the pod leaves {@link #view}. */
      @Override
      public EvictionResult evict(Pod pod, long gracePeriodSeconds) {
        if (evicted.add(key(pod))) {
          LOG.info("dry run: would evict pod {}/{} (grace {} s)", pod.namespace(), pod.name(), gracePeriodSeconds);
        }
        return EvictionResult.EVICTED;
      }
    };
  }

  static NodeGroupProvider nodeGroups(NodeGroupProvider real) {
    return new NodeGroupProvider() {
      @Override
      public List<DiscoveredNodeGroup> nodeGroups() {
        return real.nodeGroups();
      }

      @Override
      public void setDesiredCapacity(String group, int desired) {
        LOG.info("dry run: would set the desired capacity of {} to {}", group, desired);
      }

      @Override
      public void terminateInstance(String instanceId) {
        LOG.info("dry run: would terminate instance {} (and lower its group's desired capacity)", instanceId);
      }

      @Override
      public List<ScalingActivity> scalingActivities(String group, Instant since) {
        return real.scalingActivities(group, since);
      }
    };
  }

  static InterruptionQueue queue(InterruptionQueue real) {
    return new InterruptionQueue() {
      @Override
      public List<QueueMessage> receive() {
        return real.receive();
      }

      @Override
      public void delete(QueueMessage message) {
        LOG.info("dry run: would delete queue message {}", message.messageId());
      }

      @Override
      public List<QueueMessage> extendVisibility(List<QueueMessage> messages, Duration timeout) {
        // Not even this: the message goes back to the queue for whoever really handles it.
        return List.of();
      }

      @Override
      public Optional<Duration> visibilityTimeout() {
        return real.visibilityTimeout();
      }
    };
  }

  static LifecycleActions lifecycle(LifecycleActions real) {
    return new LifecycleActions() {
      @Override
      public void heartbeat(LifecycleAction action) {
        LOG.info("dry run: would record a lifecycle heartbeat for {}", action);
      }

      @Override
      public void complete(LifecycleAction action, String result) {
        LOG.info("dry run: would complete lifecycle action {} with {}", action, result);
      }
    };
  }

  static EventRecorder events(EventRecorder real) {
    return new EventRecorder() {
      @Override
      public void nodeEvent(String nodeName, String type, String reason, String message) {
        LOG.info("dry run: would record {} Event {} on node {}: {}", type, reason, nodeName, message);
      }

      @Override
      public void podEvent(Pod pod, String type, String reason, String message) {
        LOG.info("dry run: would record {} Event {} on pod {}/{}: {}", type, reason, pod.namespace(), pod.name(),
            message);
      }
    };
  }

  static AutoscalerConfigMaps configMaps(AutoscalerConfigMaps real) {
    return new AutoscalerConfigMaps() {
      @Override
      public Optional<Map<Integer, List<String>>> priorities() {
        return real.priorities();
      }

      @Override
      public void writeStatus(String status) {
        LOG.debug("dry run: would write the status ConfigMap");
      }
    };
  }
}
