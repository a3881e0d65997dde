package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spotkube.runtime.ports.ClusterView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's one cache of the cluster: one informer each on nodes, pods, PodDisruptionBudgets,
 * PersistentVolumeClaims and PersistentVolumes (a pod's volume zones, {@link VolumeZones}), listed in pages and kept as the model (see {@link ModelStore}), indexed by
 * instance id (nodes) and node name (pods). Both controllers read it; nothing else watches.
 */
public final class ClusterCache implements ClusterView, AutoCloseable {

  /** Pages of the initial list: one response for 10,000 pods would be tens of MB at once. */
  static final long LIST_PAGE = 500;

  private final ModelStore<Node, io.spotkube.runtime.model.Node> nodeStore = new ModelStore<>("node",
      node -> Optional.of(KubernetesObjects.node(node)), node -> KubernetesObjects.shell(node, Node::new),
      node -> node.instanceId().orElse(null));
  private final ModelStore<Pod, io.spotkube.runtime.model.Pod> podStore = new ModelStore<>("pod",
      KubernetesObjects::unfinishedPod, pod -> KubernetesObjects.shell(pod, Pod::new),
      io.spotkube.runtime.model.Pod::nodeName);
  private final ModelStore<PodDisruptionBudget, io.spotkube.runtime.model.PodDisruptionBudget> budgetStore =
      new ModelStore<>("PodDisruptionBudget", budget -> Optional.of(KubernetesObjects.budget(budget)),
          budget -> KubernetesObjects.shell(budget, PodDisruptionBudget::new), budget -> null);
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<PodDisruptionBudget> budgets;
  private final VolumeZones volumeZones = new VolumeZones();
  private final SharedIndexInformer<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claims;
  private final SharedIndexInformer<io.fabric8.kubernetes.api.model.PersistentVolume> volumes;

  private ClusterCache(KubernetesClient client) {
    nodes = client.nodes().withLimit(LIST_PAGE).runnableInformer(0).itemStore(nodeStore);
    pods = client.pods().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0).itemStore(podStore);
    budgets = client.policy().v1().podDisruptionBudget().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0)
        .itemStore(budgetStore);
    claims = client.persistentVolumeClaims().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0)
        .itemStore(volumeZones.claims);
    volumes = client.persistentVolumes().withLimit(LIST_PAGE).runnableInformer(0).itemStore(volumeZones.volumes);
  }

  /**
   * Starts the informers and waits (up to {@code syncSeconds}) for their first list.
   *
   * @throws KubernetesCallException when they do not sync in time
   */
  public static ClusterCache start(KubernetesClient client, long syncSeconds) {
    ClusterCache cache = new ClusterCache(client);
    try {
      for (SharedIndexInformer<?> informer : cache.informers()) {
        informer.start().toCompletableFuture().get(syncSeconds, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      cache.close();
      throw new KubernetesCallException("starting the node, pod, PodDisruptionBudget, PersistentVolumeClaim and "
          + "PersistentVolume informers: " + e, e);
    }
    return cache;
  }

  private List<SharedIndexInformer<?>> informers() {
    return List.of(nodes, pods, budgets, claims, volumes);
  }

  @Override
  public List<io.spotkube.runtime.model.Node> nodes() {
    return nodeStore.models();
  }

  @Override
  public Optional<io.spotkube.runtime.model.Node> node(String name) {
    return nodeStore.model(name);
  }

  @Override
  public Optional<io.spotkube.runtime.model.Node> nodeForInstance(String instanceId) {
    return nodeStore.indexed(instanceId).stream().findFirst();
  }

  @Override
  public List<io.spotkube.runtime.model.Pod> pods() {
    List<io.spotkube.runtime.model.Pod> models = podStore.models();
    List<io.spotkube.runtime.model.Pod> resolved = new java.util.ArrayList<>(models.size());
    models.forEach(pod -> resolved.add(volumeZones.resolve(pod)));
    return resolved;
  }

  @Override
  public List<io.spotkube.runtime.model.Pod> podsOnNode(String nodeName) {
    return podStore.indexed(nodeName);
  }

  @Override
  public List<io.spotkube.runtime.model.PodDisruptionBudget> podDisruptionBudgets() {
    return budgetStore.models();
  }

  @Override
  public void close() {
    informers().forEach(SharedIndexInformer::close);
  }
}
