package io.spotkube.runtime.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/** The fabric8 Kubernetes mock server in CRUD mode with evictions ({@link EvictingCrudDispatcher}) on 127.0.0.1. */
public final class KubernetesTestServer implements AutoCloseable {

  /** Held so the level sticks: the mock server logs every request at INFO through java.util.logging. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final EvictingCrudDispatcher dispatcher;
  private final KubernetesClient client;

  private KubernetesTestServer(KubernetesMockServer server, EvictingCrudDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = server.createClient();
  }

  public static KubernetesTestServer start() {
    EvictingCrudDispatcher dispatcher = new EvictingCrudDispatcher();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        dispatcher, false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return new KubernetesTestServer(server, dispatcher);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A separate client, as a separately started handler would have. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public EvictingCrudDispatcher dispatcher() {
    return dispatcher;
  }

  /** A node claiming the instance, its InternalIP {@link #internalIpOf} the instance id. */
  public Node createNode(String name, String instanceId, boolean ready) {
    return createNode(name, instanceId, ready, internalIpOf(instanceId));
  }

  /** A node claiming the instance with this InternalIP (as EC2 gives it, for tests against moto). */
  public Node createNode(String name, String instanceId, boolean ready, String internalIp) {
    return client.nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withProviderID("aws:///eu-west-1a/" + instanceId).endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
        .endStatus()
        .build()).create();
  }

  /** A private IP made up from an instance id, for nodes of tests whose EC2 is a fake ({@code HandlerFixture}). */
  public static String internalIpOf(String instanceId) {
    int hash = instanceId.hashCode();
    return "10.0." + ((hash >>> 8) & 0xff) + "." + (hash & 0xff);
  }

  /** A pod bound to {@code node}, controlled by an owner of {@code ownerKind} (null: a bare pod). */
  public Pod createPod(String namespace, String name, String node, String ownerKind, Map<String, String> labels) {
    PodBuilder pod = new PodBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(5L).addNewContainer().withName("app")
        .withImage("nginx").endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus();
    if (ownerKind != null) {
      pod.editMetadata().addNewOwnerReference().withKind(ownerKind).withName(name + "-owner").withController(true)
          .withApiVersion("apps/v1").withUid(name + "-owner-uid").endOwnerReference().endMetadata();
    }
    return client.pods().inNamespace(namespace).resource(pod.build()).create();
  }

  /** A PodDisruptionBudget whose status allows {@code disruptionsAllowed} evictions (0: none). */
  public void createPodDisruptionBudget(String namespace, String name, Map<String, String> matchLabels,
      int disruptionsAllowed) {
    client.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(matchLabels).endSelector().withMinAvailable(
            new io.fabric8.kubernetes.api.model.IntOrString(1)).endSpec()
        .withNewStatus().withDisruptionsAllowed(disruptionsAllowed).withCurrentHealthy(1).withDesiredHealthy(1)
        .withExpectedPods(1).endStatus()
        .build()).create();
  }

  public void deletePodDisruptionBudget(String namespace, String name) {
    client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(name).delete();
  }

  public Node node(String name) {
    return client.nodes().withName(name).get();
  }

  public boolean podExists(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get() != null;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
