package io.spotkube.runtime.adapters.aws;

import io.spotkube.catalog.InstanceType;
import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.contract.NodeTemplateTags;
import io.spotkube.contract.TemplateNode;
import io.spotkube.runtime.model.Quantity;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.scaling.NodeTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The template node of an Auto Scaling group, from the catalog and the group's node-template tags
 * (scale from zero), as upstream's AWS provider builds it: the tags ({@link NodeTemplateTags}, the
 * decoder of what the constructs write) on top of the catalog's type. A group of several instance
 * types is simulated as the smallest of them, so a pod that fits the template fits whatever type is launched.
 */
public final class NodeTemplates {

  /** Upstream's AWS template pod capacity. */
  static final long DEFAULT_PODS = 110;
  /** The root volume of a default EKS/kOps node, when no tag says otherwise. */
  static final long DEFAULT_EPHEMERAL_STORAGE_BYTES = 20L << 30;

  /** The template and what it was built from. */
  public record Template(NodeTemplate template, String simulatedType, double pricePerHour) {
  }

  private NodeTemplates() {
  }

  /**
   * @throws IllegalArgumentException when no type is in the catalog and the tags give no cpu and memory,
   *                                  or a tag holds a bad quantity or taint (naming the tag)
   */
  public static Template build(String group, List<String> instanceTypes, Map<String, String> tags, List<String> zones,
      String region, InstanceTypeCatalog catalog) {
    return build(group, instanceTypes, tags, zones, region, catalog, EksManagedNodeGroups.Description.NOTHING);
  }

  /**
   * @param managed what EKS says of a managed group's nodes: its labels come under the tags' (the
   *     user's tags win, as upstream's {@code joinNodeLabelsChoosingUserValuesOverAPIValues}), its
   *     taints are added to the tags' (a tag's taint of the same key wins)
   */
  public static Template build(String group, List<String> instanceTypes, Map<String, String> tags, List<String> zones,
      String region, InstanceTypeCatalog catalog, EksManagedNodeGroups.Description managed) {
    Optional<InstanceType> smallest = instanceTypes.stream().map(catalog::find).flatMap(Optional::stream)
        .min(Comparator.comparingInt(InstanceType::vcpus).thenComparingLong(InstanceType::memoryMib)
            .thenComparingInt(InstanceType::gpus).thenComparing(InstanceType::name));
    Map<String, Quantity> resources = new TreeMap<>();
    Map<String, String> labels = new HashMap<>();
    labels.put("kubernetes.io/os", "linux");
    if (region != null && !region.isEmpty()) {
      labels.put("topology.kubernetes.io/region", region);
    }
    zones.stream().sorted().findFirst().ifPresent(zone -> labels.put("topology.kubernetes.io/zone", zone));
    smallest.ifPresent(type -> {
      resources.put(Resources.CPU, Quantity.of(type.vcpus()));
      resources.put(Resources.MEMORY, Quantity.of(type.memoryMib() << 20));
      if (type.gpus() > 0) {
        resources.put(NodeTemplateTags.NVIDIA_GPU, Quantity.of(type.gpus()));
      }
      labels.put("node.kubernetes.io/instance-type", type.name());
      labels.put("kubernetes.io/arch", type.primaryArchitecture().equals("arm64") ? "arm64" : "amd64");
    });
    resources.put(Resources.PODS, Quantity.of(DEFAULT_PODS));
    resources.put(Resources.EPHEMERAL_STORAGE, Quantity.of(DEFAULT_EPHEMERAL_STORAGE_BYTES));
    TemplateNode tagged = NodeTemplateTags.decode(tags);
    labels.putAll(managed.labels());
    labels.putAll(tagged.labels());
    tagged.resources().forEach((name, quantity) ->
        resources.put(name, Quantity.parse("tag " + NodeTemplateTags.resourceKey(name), quantity)));
    List<Taint> taints = new ArrayList<>(tagged.taints().stream()
        .map(taint -> new Taint(taint.key(), taint.value(), taint.effect())).toList());
    managed.taints().stream()
        .filter(taint -> taints.stream().noneMatch(fromTag -> fromTag.key().equals(taint.key())))
        .forEach(taints::add);
    if (!resources.containsKey(Resources.CPU) || !resources.containsKey(Resources.MEMORY)) {
      throw new IllegalArgumentException("node group " + group + ": none of its instance types " + instanceTypes
          + " is in the catalog and its tags give no " + NodeTemplateTags.resourceKey(Resources.CPU) + " and /memory");
    }
    double price = smallest.flatMap(type -> type.onDemandPrice(region == null ? "" : region)).orElse(0.0);
    return new Template(new NodeTemplate(Resources.fromQuantities("tags of " + group, resources), labels, taints),
        smallest.map(InstanceType::name).orElse(null), price);
  }
}
