package io.spotkube.runtime.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.spotkube.runtime.ports.AutoscalerConfigMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AutoscalerConfigMaps} with fabric8: the priority ConfigMap read on demand, the status written. */
public final class Fabric8ConfigMaps implements AutoscalerConfigMaps {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8ConfigMaps.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String priorityConfigMap;
  private final String statusConfigMap;

  public Fabric8ConfigMaps(KubernetesClient client, String namespace, String priorityConfigMap,
      String statusConfigMap) {
    this.client = client;
    this.namespace = namespace;
    this.priorityConfigMap = priorityConfigMap;
    this.statusConfigMap = statusConfigMap;
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

  @Override
  public void writeStatus(String status) {
    try {
      client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
          .withNewMetadata().withNamespace(namespace).withName(statusConfigMap).endMetadata()
          .withData(Map.of("status", status)).build()).createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      LOG.warn("writing status ConfigMap {}/{}: {}", namespace, statusConfigMap, e.getMessage());
    }
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
}
