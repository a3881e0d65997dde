package io.spotkube.runtime.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.spotkube.runtime.adapters.kubernetes.ClusterCache;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ClusterWriter;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.service.RuntimeService;

/**
 * The runtime's one Kubernetes client and one cluster cache, started before the controllers and
 * closed after them: the autoscaler and the interruption handler read the same informers and
 * write through the same writer.
 */
final class SharedCluster implements RuntimeService {

  /** How long the informers' first list may take (10,000 pods in pages of 500 take a few seconds). */
  static final long SYNC_SECONDS = 120;

  private final CallTimer timer;
  /** False when only the node credential server runs: it reads single objects, no informers needed. */
  private final boolean withCache;
  private volatile KubernetesClient client;
  private volatile ClusterCache cache;
  private volatile Fabric8ClusterWriter writer;

  SharedCluster(CallTimer timer) {
    this(timer, true);
  }

  SharedCluster(CallTimer timer, boolean withCache) {
    this.timer = timer;
    this.withCache = withCache;
  }

  @Override
  public String name() {
    return "cluster cache";
  }

  @Override
  public void start() {
    client = new KubernetesClientBuilder().build();
    if (withCache) {
      cache = ClusterCache.start(client, SYNC_SECONDS);
    }
    writer = new Fabric8ClusterWriter(client, timer);
  }

  KubernetesClient client() {
    return client;
  }

  ClusterCache cache() {
    return cache;
  }

  Fabric8ClusterWriter writer() {
    return writer;
  }

  @Override
  public boolean ready() {
    return client != null && (cache != null || !withCache);
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.close();
    }
    if (client != null) {
      client.close();
    }
  }
}
