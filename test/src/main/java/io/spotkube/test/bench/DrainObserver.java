package io.spotkube.test.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches, black-box and with the admin's client, what a drain does to the cluster: when each Node
 * turns unschedulable and when the application pods are gone. Whoever drains (the handler's jar,
 * the plain-client floor) is timed the same way.
 */
final class DrainObserver implements AutoCloseable {

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private volatile Run current;

  DrainObserver(KubernetesClient admin) {
    nodes = admin.nodes().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
      }

      @Override
      public void onUpdate(Node before, Node after) {
        Run run = current;
        if (run != null && Boolean.TRUE.equals(after.getSpec().getUnschedulable())) {
          run.cordoned(after.getMetadata().getName(), System.nanoTime());
        }
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
      }
    }, 0);
    pods = admin.pods().inNamespace(BenchObjects.APP_NAMESPACE).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        Run run = current;
        if (run != null) {
          run.podGone(System.nanoTime());
        }
      }
    }, 0);
  }

  /** Starts observing a drain of {@code nodes} nodes and {@code pods} pods; the clock starts now. */
  Run begin(int nodes, int pods) {
    Run run = new Run(nodes, pods);
    current = run;
    return run;
  }

  @Override
  public void close() {
    current = null;
    nodes.close();
    pods.close();
  }

  /** One drain's observations; times in ns of {@link System#nanoTime()}. */
  static final class Run {
    final long start = System.nanoTime();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> cordonedAt = new ConcurrentHashMap<>();
    private final CountDownLatch cordoned;
    private final CountDownLatch gone;
    private volatile long allCordoned;
    private volatile long allGone;

    private Run(int nodes, int pods) {
      cordoned = new CountDownLatch(nodes);
      gone = new CountDownLatch(pods);
    }

    /** The message for {@code node} is about to be sent. */
    void sent(String node, long nanos) {
      sentAt.put(node, nanos);
    }

    private void cordoned(String node, long nanos) {
      if (cordonedAt.putIfAbsent(node, nanos) == null) {
        if (cordoned.getCount() == 1) {
          allCordoned = nanos;
        }
        cordoned.countDown();
      }
    }

    // Informers call their handlers on one thread each: no two calls race here.
    private void podGone(long nanos) {
      if (gone.getCount() == 1) {
        allGone = nanos; // written before the count reaches 0, so whoever awaits it sees it
      }
      gone.countDown();
    }

    /** Seconds from the start until every node was cordoned; NaN if not within {@code timeoutSeconds}. */
    double secondsToAllCordoned(long timeoutSeconds) throws InterruptedException {
      return cordoned.await(timeoutSeconds, TimeUnit.SECONDS) ? (allCordoned - start) / 1e9 : Double.NaN;
    }

    /** Seconds from the start until every pod was gone; NaN if not within {@code timeoutSeconds}. */
    double secondsToAllGone(long timeoutSeconds) throws InterruptedException {
      return gone.await(timeoutSeconds, TimeUnit.SECONDS) ? (allGone - start) / 1e9 : Double.NaN;
    }

    long podsLeft() {
      return gone.getCount();
    }

    /** Message-to-cordon latencies in ms, sorted. */
    List<Double> cordonLatenciesMillis() {
      List<Double> latencies = new ArrayList<>();
      cordonedAt.forEach((node, at) -> {
        Long sent = sentAt.get(node);
        if (sent != null) {
          latencies.add((at - sent) / 1e6);
        }
      });
      latencies.sort(null);
      return latencies;
    }
  }

  /** The p-th percentile (nearest rank) of sorted values; NaN if none. */
  static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
