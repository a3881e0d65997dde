package io.spotkube.catalog;

import java.util.Optional;

/**
 * The effective bounds of a selection: explicit criteria, else those derived from the base type.
 * Fractional bounds are kept as they are (1.8..2.4 vCPUs), as the instance selector does.
 */
record Bounds(Double vcpusMin, Double vcpusMax, Double memoryMinMib, Double memoryMaxMib,
              Optional<Integer> gpus, Optional<String> architecture, InstanceType base) {

  static Bounds of(SelectionCriteria criteria, InstanceTypeCatalog catalog) {
    InstanceType base = criteria.baseInstanceType().map(name -> baseType(catalog, name)).orElse(null);
    double lower = SelectionCriteria.BASE_LOWER_FACTOR;
    double upper = SelectionCriteria.BASE_UPPER_FACTOR;
    return new Bounds(
        criteria.vcpusMin().map(Integer::doubleValue).orElse(base == null ? null : base.vcpus() * lower),
        criteria.vcpusMax().map(Integer::doubleValue).orElse(base == null ? null : base.vcpus() * upper),
        criteria.memoryMinMib().map(Long::doubleValue).orElse(base == null ? null : base.memoryMib() * lower),
        criteria.memoryMaxMib().map(Long::doubleValue).orElse(base == null ? null : base.memoryMib() * upper),
        criteria.gpus().or(() -> Optional.ofNullable(base).map(InstanceType::gpus)),
        criteria.cpuArchitecture().or(() -> Optional.ofNullable(base).map(InstanceType::primaryArchitecture)),
        base);
  }

  private static InstanceType baseType(InstanceTypeCatalog catalog, String name) {
    try {
      return catalog.get(name);
    } catch (UnknownInstanceTypeException e) {
      throw new InstanceSelectionException(SelectorField.BASE_INSTANCE_TYPE, e.getMessage());
    }
  }

  /** How far a type is from the middle of the wanted vCPU and memory ranges; 0 with no range. */
  double shapeDistance(InstanceType type) {
    return logDistance(type.vcpus(), middle(vcpusMin, vcpusMax)) + logDistance(type.memoryMib(), middle(memoryMinMib, memoryMaxMib));
  }

  private static Double middle(Double min, Double max) {
    if (min == null && max == null) {
      return null;
    }
    if (min == null) {
      return max;
    }
    return max == null ? min : (min + max) / 2;
  }

  private static double logDistance(double value, Double target) {
    return target == null || target <= 0 ? 0 : Math.abs(Math.log(value / target));
  }
}
