package io.spotkube.runtime.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spotkube.runtime.ports.ClusterStateSource;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClusterStateSource} from fabric8 informers on pods, nodes and PodDisruptionBudgets (one
 * watch each, cached), and the priority expander ConfigMap read on demand. Converted pods are
 * cached by resourceVersion: a 5,000-node cluster has 150,000 pods and most do not change between
 * two loops.
 */
public final class InformerClusterState implements ClusterStateSource, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(InformerClusterState.class.getName());

  private record Converted(String resourceVersion, Pod pod) {
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String priorityConfigMap;
  private final Map<String, Converted> podCache = new ConcurrentHashMap<>();
  private SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> pods;
  private SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;
  private SharedIndexInformer<PodDisruptionBudget> budgets;

  public InformerClusterState(KubernetesClient client, String namespace, String priorityConfigMap) {
    this.client = client;
    this.namespace = namespace;
    this.priorityConfigMap = priorityConfigMap;
  }

  /** Starts the informers and waits for their first list. */
  public InformerClusterState start() {
    pods = client.pods().inAnyNamespace().inform();
    nodes = client.nodes().inform();
    budgets = client.policy().v1().podDisruptionBudget().inAnyNamespace().inform();
    return this;
  }

  @Override
  public ClusterState current() {
    List<Node> nodeList = new ArrayList<>();
    Map<String, String> instanceIds = new HashMap<>();
    for (io.fabric8.kubernetes.api.model.Node node : nodes.getStore().list()) {
      try {
        nodeList.add(KubernetesObjects.node(node));
        KubernetesObjects.instanceId(node).ifPresent(id -> instanceIds.put(node.getMetadata().getName(), id));
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "ignoring node {0}: {1}", node.getMetadata().getName(), e.getMessage());
      }
    }
    List<Pod> podList = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (io.fabric8.kubernetes.api.model.Pod pod : pods.getStore().list()) {
      if (!KubernetesObjects.relevant(pod)) {
        continue;
      }
      String uid = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      seen.add(uid);
      Converted cached = podCache.get(uid);
      String version = pod.getMetadata().getResourceVersion();
      if (cached == null || version == null || !version.equals(cached.resourceVersion())) {
        try {
          cached = new Converted(version, KubernetesObjects.pod(pod));
          podCache.put(uid, cached);
        } catch (IllegalArgumentException e) {
          LOG.log(Level.WARNING, "ignoring pod {0}: {1}", uid, e.getMessage());
          continue;
        }
      }
      podList.add(cached.pod());
    }
    for (Iterator<String> keys = podCache.keySet().iterator(); keys.hasNext(); ) {
      if (!seen.contains(keys.next())) {
        keys.remove();
      }
    }
    List<io.spotkube.runtime.model.PodDisruptionBudget> budgetList = new ArrayList<>();
    budgets.getStore().list().forEach(budget -> budgetList.add(KubernetesObjects.budget(budget)));
    return new ClusterState(nodeList, instanceIds, podList, budgetList);
  }

  @Override
  public Optional<Map<Integer, List<String>>> priorities() {
    ConfigMap configMap;
    try {
      configMap = client.configMaps().inNamespace(namespace).withName(priorityConfigMap).get();
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException("reading ConfigMap " + namespace + "/" + priorityConfigMap + ": "
          + e.getMessage());
    }
    if (configMap == null || configMap.getData() == null || configMap.getData().get("priorities") == null) {
      return Optional.empty();
    }
    return Optional.of(parsePriorities(namespace + "/" + priorityConfigMap, configMap.getData().get("priorities")));
  }

  /** Upstream's format: a YAML map of priority -> list of regexes. */
  static Map<Integer, List<String>> parsePriorities(String source, String yaml) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("ConfigMap " + source + " data.priorities is not YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("ConfigMap " + source + " data.priorities must map priorities to regex lists");
    }
    Map<Integer, List<String>> priorities = new TreeMap<>();
    root.fields().forEachRemaining(entry -> {
      int priority;
      try {
        priority = Integer.parseInt(entry.getKey().strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ConfigMap " + source + " data.priorities: '" + entry.getKey()
            + "' is not a whole number");
      }
      List<String> regexes = new ArrayList<>();
      if (entry.getValue().isArray()) {
        entry.getValue().forEach(regex -> regexes.add(regex.asText()));
      } else {
        regexes.add(entry.getValue().asText());
      }
      priorities.put(priority, regexes);
    });
    return priorities;
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {pods, nodes, budgets}) {
      if (informer != null) {
        informer.close();
      }
    }
  }
}
