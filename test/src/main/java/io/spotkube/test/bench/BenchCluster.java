package io.spotkube.test.bench;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Nodes (played by kwok) and their pods on the real API server, created with the admin's client by
 * 16 threads; {@link #reset} puts them back as they were before a drain.
 */
final class BenchCluster {

  private static final int THREADS = 16;
  private static final String EXCLUDE_FROM_LB = "node.kubernetes.io/exclude-from-external-load-balancers";
  private final KubernetesClient admin;
  final List<BenchObjects.NodeSpec> nodes;
  final int appPodsPerNode;
  final int daemonSetPodsPerNode;

  BenchCluster(KubernetesClient admin, List<BenchObjects.NodeSpec> nodes, int appPodsPerNode, int daemonSetPodsPerNode) {
    this.admin = admin;
    this.nodes = List.copyOf(nodes);
    this.appPodsPerNode = appPodsPerNode;
    this.daemonSetPodsPerNode = daemonSetPodsPerNode;
  }

  int appPods() {
    return nodes.size() * appPodsPerNode;
  }

  /**
   * The namespaces with their {@code default} ServiceAccount (ServiceAccount admission refuses pods
   * without it, and no controller manager runs here to create it), the Nodes, then the pods.
   */
  void create() throws Exception {
    for (String namespace : List.of(BenchObjects.APP_NAMESPACE, BenchObjects.SYSTEM_NAMESPACE)) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
      admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName("default").withNamespace(namespace).endMetadata().build()).serverSideApply();
    }
    parallel(nodes, spec -> admin.nodes().resource(BenchObjects.node(spec)).create());
    createPods(true);
  }

  /** The pods of every node: its application pods and, when asked, its DaemonSet pods. */
  private void createPods(boolean withDaemonSets) throws Exception {
    parallel(indices(), node -> {
      String nodeName = nodes.get(node).name();
      for (int p = 0; p < appPodsPerNode; p++) {
        // 200 Deployments spread over the cluster, as the scaling benchmark spreads them.
        String app = "app-" + ((node * appPodsPerNode + p) % 200);
        admin.pods().inNamespace(BenchObjects.APP_NAMESPACE).resource(BenchObjects.appPod(nodeName + "-pod-" + p,
            nodeName, app)).create();
      }
      for (int d = 0; withDaemonSets && d < daemonSetPodsPerNode; d++) {
        String daemonSet = d == 0 ? "kube-proxy" : "node-agent-" + d;
        admin.pods().inNamespace(BenchObjects.SYSTEM_NAMESPACE).resource(BenchObjects.daemonSetPod(
            daemonSet + "-" + nodeName, nodeName, daemonSet)).create();
      }
    });
  }

  private List<Integer> indices() {
    return java.util.stream.IntStream.range(0, nodes.size()).boxed().toList();
  }

  /**
   * Back to the state before a drain: leftover application pods deleted, every node uncordoned
   * (and the taints and load-balancer label a handler may add removed), the handler's Events
   * deleted, the application pods recreated and Running.
   */
  void reset(Duration timeout) throws Exception {
    admin.pods().inNamespace(BenchObjects.APP_NAMESPACE).withGracePeriod(0).delete();
    awaitCount(BenchObjects.APP_NAMESPACE, null, 0, timeout);
    List<String> touched = new ArrayList<>();
    for (Node node : admin.nodes().list().getItems()) {
      boolean cordoned = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
      boolean tainted = node.getSpec().getTaints() != null && !node.getSpec().getTaints().isEmpty();
      if (cordoned || tainted || node.getMetadata().getLabels().containsKey(EXCLUDE_FROM_LB)) {
        touched.add(node.getMetadata().getName());
      }
    }
    parallel(touched, name -> admin.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"labels\":{\"" + EXCLUDE_FROM_LB + "\":null}},\"spec\":{\"unschedulable\":null,\"taints\":null}}"));
    for (String namespace : List.of("default", BenchObjects.APP_NAMESPACE)) {
      admin.v1().events().inNamespace(namespace).delete();
    }
    createPods(false);
    awaitRunning(timeout);
  }

  /** Waits until kwok reports every pod Running, as before a real interruption. */
  void awaitRunning(Duration timeout) throws InterruptedException {
    awaitCount(BenchObjects.APP_NAMESPACE, "status.phase=Running", appPods(), timeout);
    if (daemonSetPodsPerNode > 0) {
      awaitCount(BenchObjects.SYSTEM_NAMESPACE, "status.phase=Running", nodes.size() * daemonSetPodsPerNode, timeout);
    }
  }

  /** Polls (pages of 500, field selector) until {@code expected} pods match in {@code namespace}. */
  void awaitCount(String namespace, String fieldSelector, int expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int count = -1;
    while (System.nanoTime() < deadline) {
      count = count(namespace, fieldSelector);
      if (count == expected) {
        return;
      }
      Thread.sleep(2000);
    }
    throw new IllegalStateException(namespace + " has " + count + " pods" + (fieldSelector == null ? ""
        : " with " + fieldSelector) + ", not " + expected + ", after " + timeout);
  }

  int count(String namespace, String fieldSelector) {
    int count = 0;
    String next = null;
    do {
      PodList page = admin.pods().inNamespace(namespace).list(new ListOptionsBuilder().withLimit(500L)
          .withContinue(next).withFieldSelector(fieldSelector).build());
      count += page.getItems().size();
      next = page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return count;
  }

  /** Runs {@code action} for every item on 16 threads; a pod or node that already exists is left as it is. */
  static <T> void parallel(List<T> items, ThrowingConsumer<T> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> {
          try {
            action.accept(item);
          } catch (KubernetesClientException exists) {
            if (exists.getCode() != 409) {
              throw exists;
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** A step that may throw. */
  interface ThrowingConsumer<T> {
    void accept(T item) throws Exception;
  }
}
