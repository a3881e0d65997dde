package io.spotkube.runtime.scaling.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spotkube.runtime.model.LabelSelector;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.NodeSelectorRequirement;
import io.spotkube.runtime.model.NodeSelectorTerm;
import io.spotkube.runtime.model.PodAffinityTerm;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.model.Toleration;
import io.spotkube.runtime.model.TopologySpreadConstraint;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.NodeTemplate;
import io.spotkube.runtime.text.SafeText;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads the {@code plan --snapshot} JSON (cli-contracts.md section 1). Missing optional fields take
 * the contract's defaults; every error is one {@link SnapshotFormatException} naming the field.
 */
public final class SnapshotReader {

  /**
   * The deepest a snapshot nests is 6 (a pod's affinity values); 64 leaves room for fields a newer
   * producer adds and refuses {@code [[[[...} before it costs a deep tree or a deep stack.
   */
  private static final int MAX_NESTING = 64;
  /**
   * Most nodes a group may have, and most a snapshot's groups may want in all: the planner
   * simulates each wanted node not yet listed as a template node, so {@code desired} near 2^31
   * would run for hours. Kubernetes supports 5,000 nodes per cluster; 20 times that is no real
   * group's size.
   */
  static final int MAX_NODES = 100_000;
  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
      .build()).build();

  private SnapshotReader() {
  }

  public static ClusterSnapshot read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Constraint violations (nesting, a string over Jackson's length limit) may carry no location.
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new SnapshotFormatException("invalid JSON" + where + ": " + SafeText.quote(e.getOriginalMessage(), 200));
    }
    JsonFields fields = JsonFields.of(root, "", Set.of("options", "nodeGroups", "nodes", "pods", "podDisruptionBudgets"));
    AutoscalingOptions options = root.get("options") == null || root.get("options").isNull()
        ? AutoscalingOptions.defaults() : options(root.get("options"));
    List<NodeGroup> groups = fields.list("nodeGroups", SnapshotReader::nodeGroup);
    long wanted = groups.stream().mapToLong(NodeGroup::desired).sum();
    if (wanted > MAX_NODES) {
      throw new SnapshotFormatException("nodeGroups: the groups' desired sizes add up to " + wanted + ", more than the "
          + MAX_NODES + " nodes a plan simulates");
    }
    return build("snapshot", () -> new ClusterSnapshot(options,
        groups,
        fields.list("nodes", SnapshotReader::node),
        fields.list("pods", SnapshotReader::pod),
        fields.list("podDisruptionBudgets", SnapshotReader::budget)));
  }

  private static AutoscalingOptions options(JsonNode node) {
    JsonFields f = JsonFields.of(node, "options", Set.of("expander", "priorities", "balanceSimilarNodeGroups",
        "maxNodesTotal", "scaleDownEnabled", "scaleDownUtilizationThreshold", "scaleDownUnneededTimeSeconds",
        "scaleDownDelayAfterAddSeconds", "secondsSinceLastScaleUp", "skipNodesWithSystemPods",
        "skipNodesWithLocalStorage", "maxEmptyBulkDelete", "maxDrainParallelism", "expendablePodsPriorityCutoff",
        "seed", "scaleDownGpuUtilizationThreshold", "scaleDownUnreadyEnabled", "scaleDownUnreadyTimeSeconds"));
    AutoscalingOptions defaults = AutoscalingOptions.defaults();
    double threshold = f.decimal("scaleDownUtilizationThreshold", defaults.scaleDownUtilizationThreshold());
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new SnapshotFormatException(f.path("scaleDownUtilizationThreshold") + ": must be between 0 and 1, was "
          + threshold);
    }
    double gpuThreshold = f.decimal("scaleDownGpuUtilizationThreshold", defaults.scaleDownGpuUtilizationThreshold());
    if (!(gpuThreshold >= 0 && gpuThreshold <= 1)) {
      throw new SnapshotFormatException(f.path("scaleDownGpuUtilizationThreshold") + ": must be between 0 and 1, was "
          + gpuThreshold);
    }
    return build("options", () -> AutoscalingOptions.builder()
        .scaleDownGpuUtilizationThreshold(gpuThreshold)
        .expander(f.text("expander", defaults.expander()))
        .priorities(priorities(f))
        .balanceSimilarNodeGroups(f.bool("balanceSimilarNodeGroups", defaults.balanceSimilarNodeGroups()))
        .maxNodesTotal(f.nonNegativeInt("maxNodesTotal", defaults.maxNodesTotal()))
        .scaleDownEnabled(f.bool("scaleDownEnabled", defaults.scaleDownEnabled()))
        .scaleDownUtilizationThreshold(threshold)
        .scaleDownUnneededTimeSeconds(f.nonNegative("scaleDownUnneededTimeSeconds", defaults.scaleDownUnneededTimeSeconds()))
        .scaleDownUnreadyEnabled(f.bool("scaleDownUnreadyEnabled", defaults.scaleDownUnreadyEnabled()))
        .scaleDownUnreadyTimeSeconds(f.nonNegative("scaleDownUnreadyTimeSeconds", defaults.scaleDownUnreadyTimeSeconds()))
        .scaleDownDelayAfterAddSeconds(f.nonNegative("scaleDownDelayAfterAddSeconds", defaults.scaleDownDelayAfterAddSeconds()))
        .secondsSinceLastScaleUp(f.nonNegative("secondsSinceLastScaleUp", defaults.secondsSinceLastScaleUp()))
        .skipNodesWithSystemPods(f.bool("skipNodesWithSystemPods", defaults.skipNodesWithSystemPods()))
        .skipNodesWithLocalStorage(f.bool("skipNodesWithLocalStorage", defaults.skipNodesWithLocalStorage()))
        .maxEmptyBulkDelete(f.nonNegativeInt("maxEmptyBulkDelete", defaults.maxEmptyBulkDelete()))
        .maxDrainParallelism(f.nonNegativeInt("maxDrainParallelism", defaults.maxDrainParallelism()))
        .expendablePodsPriorityCutoff((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
            f.integer("expendablePodsPriorityCutoff", defaults.expendablePodsPriorityCutoff()))))
        .seed(f.integer("seed", defaults.seed()))
        .build());
  }

  private static Map<Integer, List<String>> priorities(JsonFields options) {
    JsonNode node = options.raw("priorities");
    Map<Integer, List<String>> priorities = new TreeMap<>();
    if (node == null) {
      return priorities;
    }
    if (!node.isObject()) {
      throw new SnapshotFormatException(options.path("priorities") + ": expected an object of priority -> regexes, got "
          + JsonFields.kind(node));
    }
    node.fields().forEachRemaining(entry -> {
      String path = JsonFields.key(options.path("priorities"), entry.getKey());
      int priority;
      try {
        priority = Integer.parseInt(entry.getKey().strip());
      } catch (NumberFormatException e) {
        throw new SnapshotFormatException(path + ": the priority must be a whole number");
      }
      if (!entry.getValue().isArray()) {
        throw new SnapshotFormatException(path + ": expected an array of regexes, got " + JsonFields.kind(entry.getValue()));
      }
      List<String> regexes = new java.util.ArrayList<>();
      for (int i = 0; i < entry.getValue().size(); i++) {
        regexes.add(JsonFields.textElement(entry.getValue().get(i), path + "[" + i + "]"));
      }
      priorities.put(priority, regexes);
    });
    return priorities;
  }

  private static NodeGroup nodeGroup(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("name", "minSize", "maxSize", "desired", "instanceTypes",
        "pricePerHour", "backedOff", "template"));
    String name = f.requiredText("name");
    int min = groupSize(f, "minSize", 0);
    int max = groupSize(f, "maxSize", 0);
    int desired = groupSize(f, "desired", min);
    if (min > max) {
      throw new SnapshotFormatException(f.path("minSize") + ": minSize (" + min + ") should be <= maxSize (" + max + ")");
    }
    double price = f.decimal("pricePerHour", 0);
    if (price < 0) {
      throw new SnapshotFormatException(f.path("pricePerHour") + ": must not be negative, was " + price);
    }
    JsonNode templateNode = f.raw("template");
    if (templateNode == null) {
      throw new SnapshotFormatException(f.path("template") + ": required");
    }
    JsonFields t = JsonFields.of(templateNode, f.path("template"), Set.of("allocatable", "labels", "taints"));
    NodeTemplate template = build(t.path(), () -> new NodeTemplate(resources(t, "allocatable"), t.stringMap("labels"),
        t.list("taints", SnapshotReader::taint)));
    return build(path, () -> new NodeGroup(name, min, max, desired,
        f.list("instanceTypes", JsonFields::textElement), price, f.bool("backedOff", false), template));
  }

  private static int groupSize(JsonFields f, String field, int fallback) {
    int size = f.nonNegativeInt(field, fallback);
    if (size > MAX_NODES) {
      throw new SnapshotFormatException(f.path(field) + ": at most " + MAX_NODES + " nodes per group, was " + size);
    }
    return size;
  }

  private static Node node(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("name", "nodeGroup", "allocatable", "labels", "taints", "ready",
        "unschedulable", "unneededForSeconds", "annotations"));
    return build(path, () -> new Node(f.requiredText("name"), f.text("nodeGroup", null), resources(f, "allocatable"),
        f.stringMap("labels"), f.list("taints", SnapshotReader::taint), f.bool("ready", true),
        f.bool("unschedulable", false), f.nonNegative("unneededForSeconds", 0), null, f.stringMap("annotations")));
  }

  private static Pod pod(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("namespace", "name", "labels", "nodeName", "requests",
        "nodeSelector", "tolerations", "requiredNodeAffinity", "requiredNodeAffinityTerms", "requiredPodAffinity",
        "requiredPodAntiAffinity", "topologySpreadConstraints", "hostPorts", "volumeZones", "ownerKind", "annotations",
        "priority", "localStorage", "mirror"));
    String ownerKind = f.text("ownerKind", null);
    if (ownerKind != null && !Set.of("ReplicaSet", "StatefulSet", "Job", "ReplicationController", "DaemonSet")
        .contains(ownerKind)) {
      throw new SnapshotFormatException(f.path("ownerKind") + ": must be ReplicaSet, StatefulSet, Job, "
          + "ReplicationController, DaemonSet or null, was " + ownerKind);
    }
    long priority = f.integer("priority", 0);
    List<NodeSelectorTerm> terms = nodeAffinityTerms(f);
    return build(path, () -> Pod.builder(f.text("namespace", "default"), f.requiredText("name"))
        .labels(f.stringMap("labels"))
        .nodeName(f.text("nodeName", null))
        .requests(resources(f, "requests"))
        .nodeSelector(f.stringMap("nodeSelector"))
        .tolerations(f.list("tolerations", SnapshotReader::toleration))
        .requiredNodeAffinityTerms(terms)
        .requiredPodAffinity(f.list("requiredPodAffinity", SnapshotReader::podAffinityTerm))
        .requiredPodAntiAffinity(f.list("requiredPodAntiAffinity", SnapshotReader::podAffinityTerm))
        .topologySpreadConstraints(f.list("topologySpreadConstraints", SnapshotReader::spread))
        .hostPorts(f.list("hostPorts", SnapshotReader::port))
        .volumeZones(f.list("volumeZones", JsonFields::textElement))
        .ownerKind(ownerKind)
        .annotations(f.stringMap("annotations"))
        .priority((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, priority)))
        .localStorage(f.bool("localStorage", false))
        .mirror(f.bool("mirror", false))
        .build());
  }

  private static PodDisruptionBudget budget(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("namespace", "name", "selector", "disruptionsAllowed"));
    return build(path, () -> new PodDisruptionBudget(f.text("namespace", "default"), f.text("name", ""),
        f.stringMap("selector"), f.nonNegativeInt("disruptionsAllowed", 0)));
  }

  private static Taint taint(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("key", "value", "effect"));
    return build(path, () -> new Taint(f.requiredText("key"), f.text("value", ""), f.requiredText("effect")));
  }

  private static Toleration toleration(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("key", "operator", "value", "effect", "tolerationSeconds"));
    return build(path, () -> new Toleration(f.text("key", ""), f.text("operator", "Equal"), f.text("value", ""),
        f.text("effect", "")));
  }

  private static NodeSelectorRequirement requirement(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("key", "operator", "values"));
    return build(path, () -> new NodeSelectorRequirement(f.requiredText("key"), f.requiredText("operator"),
        f.list("values", JsonFields::textElement)));
  }

  private static TopologySpreadConstraint spread(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("maxSkew", "topologyKey", "whenUnsatisfiable", "labelSelector",
        "labelSelectorExpressions"));
    return build(path, () -> new TopologySpreadConstraint((int) f.integer("maxSkew", 1), f.requiredText("topologyKey"),
        f.text("whenUnsatisfiable", "DoNotSchedule"), labelSelector(f)));
  }

  /**
   * {@code requiredNodeAffinity} (one term, the contract's first form) or {@code requiredNodeAffinityTerms}
   * (several, ORed as in the API); not both, since which one was meant would be a guess.
   */
  private static List<NodeSelectorTerm> nodeAffinityTerms(JsonFields f) {
    List<NodeSelectorRequirement> single = f.list("requiredNodeAffinity", SnapshotReader::requirement);
    List<NodeSelectorTerm> terms = f.list("requiredNodeAffinityTerms", SnapshotReader::nodeSelectorTerm);
    if (!single.isEmpty() && !terms.isEmpty()) {
      throw new SnapshotFormatException(f.path("requiredNodeAffinityTerms") + ": give either requiredNodeAffinity "
          + "(one term) or requiredNodeAffinityTerms (several), not both");
    }
    return single.isEmpty() ? terms : List.of(new NodeSelectorTerm(single));
  }

  private static NodeSelectorTerm nodeSelectorTerm(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw new SnapshotFormatException(path + ": expected an array of requirements, got " + JsonFields.kind(node));
    }
    List<NodeSelectorRequirement> requirements = new java.util.ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      requirements.add(requirement(node.get(i), path + "[" + i + "]"));
    }
    return new NodeSelectorTerm(requirements);
  }

  private static PodAffinityTerm podAffinityTerm(JsonNode node, String path) {
    JsonFields f = JsonFields.of(node, path, Set.of("topologyKey", "labelSelector", "labelSelectorExpressions",
        "namespaces"));
    return build(path, () -> new PodAffinityTerm(labelSelector(f), f.list("namespaces", JsonFields::textElement),
        f.requiredText("topologyKey")));
  }

  /** {@code labelSelector} (matchLabels, as the contract always had it) and {@code labelSelectorExpressions}. */
  private static LabelSelector labelSelector(JsonFields f) {
    return build(f.path("labelSelectorExpressions"), () -> new LabelSelector(f.stringMap("labelSelector"),
        f.list("labelSelectorExpressions", SnapshotReader::requirement)));
  }

  private static Integer port(JsonNode node, String path) {
    int port = JsonFields.intElement(node, path);
    if (port < 1 || port > 65535) {
      throw new SnapshotFormatException(path + ": a host port must be between 1 and 65535, was " + port);
    }
    return port;
  }

  private static Resources resources(JsonFields fields, String field) {
    try {
      return Resources.fromQuantities(fields.path(field), fields.quantities(field));
    } catch (ArithmeticException e) {
      throw new SnapshotFormatException(fields.path(field) + ": a quantity is too large");
    }
  }

  /** Runs a validating constructor and puts the field path in front of its message. */
  private static <T> T build(String path, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (SnapshotFormatException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SnapshotFormatException(path + ": " + e.getMessage());
    }
  }
}
