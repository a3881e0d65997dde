package io.spotkube.test.bench;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor under "all drained": a plain fabric8 client with the runtime's service-account token
 * evicting every application pod on 16 threads (no cordons, no queue, no PodDisruptionBudgets), in
 * its own JVM so its CPU seconds are its own. Lists the pods first, prints {@code listed N}, evicts
 * when a line arrives on stdin, prints {@code evicted N} when every eviction was accepted, and exits
 * when stdin closes (so that its CPU seconds can still be read after the pods are gone).
 * Arguments: API server URL, token.
 */
public final class EvictionFloor {

  private static final int THREADS = 16;

  private EvictionFloor() {
  }

  public static void main(String[] args) throws Exception {
    try (KubernetesClient client = BenchKube.client(args[0], args[1], 64)) {
      List<String> names = new ArrayList<>();
      String next = null;
      do {
        PodList page = client.pods().inNamespace(BenchObjects.APP_NAMESPACE)
            .list(new ListOptionsBuilder().withLimit(500L).withContinue(next).build());
        page.getItems().forEach(pod -> names.add(pod.getMetadata().getName()));
        next = page.getMetadata().getContinue();
      } while (next != null && !next.isEmpty());
      System.out.println("listed " + names.size());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      in.readLine();

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> evictions = new ArrayList<>();
      for (String name : names) {
        evictions.add(pool.submit(() -> {
          var pod = client.pods().inNamespace(BenchObjects.APP_NAMESPACE).withName(name);
          // false: refused for now (429) or already gone; try again while it exists, as a drain would.
          while (!pod.evict() && pod.get() != null) {
            Thread.sleep(200);
          }
          return null;
        }));
      }
      for (Future<?> eviction : evictions) {
        eviction.get();
      }
      pool.shutdown();
      System.out.println("evicted " + names.size());
      System.out.flush();
      while (in.readLine() != null) {
        // until the harness closes our stdin
      }
    }
    System.exit(0);
  }
}
