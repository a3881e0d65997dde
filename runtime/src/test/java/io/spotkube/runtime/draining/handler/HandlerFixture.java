package io.spotkube.runtime.draining.handler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotkube.runtime.adapters.aws.SqsInterruptionQueue;
import io.spotkube.runtime.adapters.kubernetes.ClusterCache;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ClusterWriter;
import io.spotkube.runtime.adapters.kubernetes.Fabric8EventRecorder;
import io.spotkube.runtime.drain.DrainOutcome;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.InstanceLookup;
import io.spotkube.runtime.ports.LifecycleActions;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.ElasticMq;
import io.spotkube.runtime.testing.KubernetesTestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Kubernetes mock server and one fresh ElasticMQ queue, and handler services started against
 * them, each with its own SQS and Kubernetes clients as separate replicas would have.
 */
final class HandlerFixture implements AutoCloseable {

  static final String NS = "default";

  final ElasticMq sqs;
  final KubernetesTestServer k8s;
  final String queueUrl;
  final RecordingLifecycleActions lifecycle = new RecordingLifecycleActions();
  final List<String> drained = new CopyOnWriteArrayList<>();
  Notifier notifier = Notifier.NONE;
  /**
   * EC2 as the nodes these tests register describe it: each instance runs, and its private DNS name
   * and IP are those of the node claiming it. Tests of the identity check itself use moto.
   */
  InstanceLookup instances = new InstanceLookup() {
    @Override
    public Optional<InstanceInfo> describe(String instanceId) {
      return Optional.ofNullable(describeAll(List.of(instanceId)).get(instanceId));
    }

    @Override
    public Map<String, InstanceInfo> describeAll(java.util.Collection<String> instanceIds) {
      Map<String, String> nodeOf = new java.util.HashMap<>();
      k8s.client().nodes().list().getItems().forEach(node -> {
        if (node.getSpec() != null && node.getSpec().getProviderID() != null) {
          String id = node.getSpec().getProviderID().substring(node.getSpec().getProviderID().lastIndexOf('/') + 1);
          nodeOf.put(id, node.getMetadata().getName());
        }
      });
      Map<String, InstanceInfo> found = new java.util.HashMap<>();
      instanceIds.forEach(id -> found.put(id, new InstanceInfo(id, nodeOf.getOrDefault(id, ""), Map.of(), "running",
          KubernetesTestServer.internalIpOf(id))));
      return found;
    }
  };
  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<ClusterCache> caches = new ArrayList<>();

  HandlerFixture(ElasticMq sqs, int visibilityTimeoutSeconds) {
    this.sqs = sqs;
    this.k8s = KubernetesTestServer.start();
    this.queueUrl = sqs.createQueue("interruptions-" + UUID.randomUUID(), visibilityTimeoutSeconds);
  }

  static DrainingConfig.Builder testConfig() {
    return DrainingConfig.builder().checkTagBeforeDraining(false).drainPollInterval(Duration.ofMillis(100))
        .nodeGracePeriod(Duration.ofSeconds(20)).workers(4);
  }

  DrainingService start(DrainingConfig config) {
    return start(config, lifecycle, new MetricsRegistry());
  }

  DrainingService start(DrainingConfig config, LifecycleActions lifecycleActions, MetricsRegistry registry) {
    return start(config, lifecycleActions, registry, sqs.endpoint());
  }

  /** As {@link #start(DrainingConfig, LifecycleActions, MetricsRegistry)}, speaking to SQS at {@code sqsEndpoint}. */
  DrainingService start(DrainingConfig config, LifecycleActions lifecycleActions, MetricsRegistry registry,
      java.net.URI sqsEndpoint) {
    return start(config, null, lifecycleActions, registry, sqsEndpoint);
  }

  /** A handler that knows its cluster: instances without {@code ownership}'s tags are not acted on. */
  DrainingService start(DrainingConfig config, io.spotkube.runtime.ports.ClusterOwnership ownership,
      LifecycleActions lifecycleActions, MetricsRegistry registry) {
    return start(config, ownership, lifecycleActions, registry, sqs.endpoint());
  }

  private DrainingService start(DrainingConfig config, io.spotkube.runtime.ports.ClusterOwnership ownership,
      LifecycleActions lifecycleActions, MetricsRegistry registry, java.net.URI sqsEndpoint) {
    KubernetesClient client = k8s.newClient();
    ClusterCache cluster = ClusterCache.start(client, 10);
    running.add(cluster);
    caches.add(cluster);
    DrainingService service = new DrainingService(config,
        new SqsInterruptionQueue(ElasticMq.client(sqsEndpoint), queueUrl.replace(sqs.endpoint().getAuthority(),
            sqsEndpoint.getAuthority()), 10, 1),
        cluster, new Fabric8ClusterWriter(client, CallTimer.NONE),
        new Fabric8EventRecorder(client, "spotkube-draining", NS, Clock.systemUTC()), instances, ownership,
        lifecycleActions, Clock.systemUTC(), registry, notifier, new DrainingListener() {
          @Override
          public void drained(String instanceId, DrainOutcome outcome) {
            drained.add(instanceId);
          }
        });
    running.add(service);
    service.start();
    return service;
  }

  /** A node with a ReplicaSet pod, a DaemonSet pod and a mirror (static) pod. */
  void nodeWithPods(String node, String instanceId, boolean ready) {
    nodeWithPods(node, instanceId, ready, KubernetesTestServer.internalIpOf(instanceId));
  }

  /** As above, the node reporting {@code internalIp}. */
  void nodeWithPods(String node, String instanceId, boolean ready, String internalIp) {
    k8s.createNode(node, instanceId, ready, internalIp);
    k8s.createPod(NS, node + "-web", node, "ReplicaSet", Map.of("app", "web"));
    k8s.createPod(NS, node + "-logs", node, "DaemonSet", Map.of("app", "logs"));
    k8s.client().pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withNamespace(NS).withName(node + "-static")
        .withAnnotations(Map.of("kubernetes.io/config.mirror", "abc")).endMetadata()
        .withNewSpec().withNodeName(node).endSpec().build()).create();
  }

  /** Waits until every started handler's cache holds {@code pods} pods. */
  void awaitCached(int pods) {
    Await.until(Duration.ofSeconds(30), "the handlers' caches to hold " + pods + " pods",
        () -> caches.stream().allMatch(cache -> cache.pods().size() == pods));
  }

  int messagesInQueue() {
    return sqs.messagesInQueue(queueUrl);
  }

  void send(String body) {
    sqs.send(queueUrl, body);
  }

  @Override
  public void close() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    k8s.close();
  }
}
