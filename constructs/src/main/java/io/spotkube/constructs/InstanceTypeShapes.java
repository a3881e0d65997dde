package io.spotkube.constructs;

import io.spotkube.catalog.InstanceSelectionException;
import io.spotkube.catalog.InstanceSelector;
import io.spotkube.catalog.InstanceType;
import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.catalog.SelectionCriteria;
import io.spotkube.catalog.SelectorField;
import io.spotkube.catalog.UnknownInstanceTypeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Resolves a node group's instance types (selected or explicit) and checks that the
 * autoscaler can simulate them as one shape.
 */
final class InstanceTypeShapes {

  /** EC2's limit on LaunchTemplateOverrides in one MixedInstancesPolicy. */
  static final int MAX_OVERRIDES = 40;
  /** The widest vCPU or memory spread the selector itself produces (1.2x / 0.9x). */
  static final double MAX_SHAPE_RATIO = SelectionCriteria.BASE_UPPER_FACTOR / SelectionCriteria.BASE_LOWER_FACTOR;

  private InstanceTypeShapes() {
  }

  static List<InstanceType> resolve(DiversifiedSpotNodeGroupProps props, PropValidation validation) {
    boolean selected = props.getBaseInstanceType() != null;
    boolean explicit = props.getInstanceTypes() != null;
    if (selected == explicit) {
      throw validation.error("baseInstanceType", "or instanceTypes: give exactly one of them (got "
          + (selected ? "both" : "neither") + ")");
    }
    List<InstanceType> types = explicit ? explicitTypes(props.getInstanceTypes(), validation) : select(props, validation);
    checkOneShape(types, explicit ? "instanceTypes" : "baseInstanceType", validation);
    return types;
  }

  static InstanceType smallest(List<InstanceType> types) {
    return types.stream()
        .min(Comparator.comparingInt(InstanceType::vcpus).thenComparingLong(InstanceType::memoryMib)
            .thenComparing(InstanceType::name))
        .orElseThrow();
  }

  /** Types differing by more than one selector range, or in GPUs or architecture, break the simulation. */
  static boolean sameShape(List<InstanceType> types) {
    return types.stream().map(InstanceType::vcpus).distinct().count() == 1
        && types.stream().map(InstanceType::memoryMib).distinct().count() == 1;
  }

  private static void checkOneShape(List<InstanceType> types, String prop, PropValidation validation) {
    InstanceType first = types.get(0);
    int minVcpus = types.stream().mapToInt(InstanceType::vcpus).min().orElseThrow();
    long minMemory = types.stream().mapToLong(InstanceType::memoryMib).min().orElseThrow();
    for (InstanceType type : types) {
      if (type.gpus() != first.gpus() || type.hasGpu() != first.hasGpu()) {
        throw validation.error(prop, "mixes GPU shapes (" + describe(first) + " and " + describe(type)
            + "): the autoscaler simulates one shape per group; put them in separate groups");
      }
      if (!type.primaryArchitecture().equals(first.primaryArchitecture())) {
        throw validation.error(prop, "mixes architectures (" + describe(first) + " and " + describe(type)
            + "): one launch template boots one AMI; put them in separate groups");
      }
      if (type.vcpus() > minVcpus * MAX_SHAPE_RATIO || type.memoryMib() > minMemory * MAX_SHAPE_RATIO) {
        throw validation.error(prop, "mixes shapes beyond what the autoscaler can simulate: " + describe(type)
            + " is more than " + String.format(java.util.Locale.ROOT, "%.2f", MAX_SHAPE_RATIO)
            + "x the smallest (" + minVcpus + " vCPU, " + minMemory + " MiB); keep types of one vCPU/memory size per group");
      }
    }
  }

  private static String describe(InstanceType type) {
    return type.name() + ": " + type.vcpus() + " vCPU, " + type.memoryMib() + " MiB, " + type.gpus() + " GPU, "
        + type.primaryArchitecture();
  }

  private static List<InstanceType> explicitTypes(List<String> names, PropValidation validation) {
    if (names.isEmpty()) {
      throw validation.error("instanceTypes", "is empty; give at least one instance type");
    }
    if (names.size() > MAX_OVERRIDES) {
      throw validation.error("instanceTypes", "gives " + names.size()
          + " instance types; a MixedInstancesPolicy takes at most " + MAX_OVERRIDES + " overrides");
    }
    List<InstanceType> types = new ArrayList<>();
    for (String name : names) {
      try {
        types.add(InstanceTypeCatalog.bundled().get(name));
      } catch (UnknownInstanceTypeException e) {
        throw validation.error("instanceTypes", "has an " + e.getMessage());
      }
      if (names.indexOf(name) != names.lastIndexOf(name)) {
        throw validation.error("instanceTypes", "lists " + name + " twice");
      }
    }
    return types;
  }

  private static List<InstanceType> select(DiversifiedSpotNodeGroupProps props, PropValidation validation) {
    try {
      SelectionCriteria criteria = SelectionCriteria.builder()
          .baseInstanceType(props.getBaseInstanceType())
          .usageClass("spot")
          .burstSupport(props.getBurstSupport())
          .gpus(props.getGpus())
          .allowList(props.getAllowList())
          .denyList(props.getDenyList())
          .currentGeneration(props.getCurrentGeneration())
          .maxResults(props.getMaxInstanceTypes())
          .build();
      return InstanceSelector.bundled().select(criteria);
    } catch (InstanceSelectionException e) {
      throw validation.error(propName(e.field()), e.detail());
    }
  }

  private static String propName(SelectorField field) {
    return field == SelectorField.MAX_RESULTS ? "maxInstanceTypes" : field.propertyName();
  }
}
