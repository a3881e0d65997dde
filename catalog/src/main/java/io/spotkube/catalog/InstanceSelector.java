package io.spotkube.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks diversified instance types from a catalog the way {@code kops toolbox instance-selector}
 * (and the amazon-ec2-instance-selector under it) does: filters applied in a fixed order, the
 * survivors sorted by name and cut to {@code maxResults}.
 *
 * <p>When a filter leaves nothing, {@link NoMatchingInstanceTypesException} names that filter and
 * lists the types closest to the wanted shape among those that passed the filters before it.
 */
public final class InstanceSelector {

  private static final int NEAR_TYPES_SHOWN = 5;

  private final InstanceTypeCatalog catalog;

  public InstanceSelector(InstanceTypeCatalog catalog) {
    this.catalog = catalog;
  }

  /** A selector over the bundled catalog. */
  public static InstanceSelector bundled() {
    return new InstanceSelector(InstanceTypeCatalog.bundled());
  }

  public List<InstanceType> select(SelectionCriteria criteria) {
    Bounds bounds = Bounds.of(criteria, catalog);
    List<InstanceType> candidates = catalog.all();
    for (Filter filter : filters(criteria, bounds)) {
      List<InstanceType> kept = candidates.stream().filter(filter.keeps()).toList();
      if (kept.isEmpty()) {
        throw new NoMatchingInstanceTypesException(filter.field(), filter.description(), nearest(candidates, bounds));
      }
      candidates = kept;
    }
    return candidates.stream()
        .sorted(Comparator.comparing(InstanceType::name))
        .limit(criteria.maxResults())
        .toList();
  }

  /** The names of {@link #select(SelectionCriteria)}. */
  public List<String> selectNames(SelectionCriteria criteria) {
    return select(criteria).stream().map(InstanceType::name).toList();
  }

  private static List<Filter> filters(SelectionCriteria criteria, Bounds bounds) {
    List<Filter> filters = new ArrayList<>();
    bounds.architecture().ifPresent(architecture -> filters.add(new Filter(SelectorField.CPU_ARCHITECTURE,
        "cpu-architecture=" + architecture, type -> type.supportsArchitecture(architecture))));
    bounds.gpus().ifPresent(gpus -> filters.add(new Filter(SelectorField.GPUS, "gpus=" + gpus,
        type -> gpus == 0 ? !type.hasGpu() : type.gpus() == gpus)));
    if (bounds.vcpusMin() != null || bounds.vcpusMax() != null) {
      filters.add(new Filter(SelectorField.VCPUS, "vcpus " + range(bounds.vcpusMin(), bounds.vcpusMax(), ""),
          type -> within(type.vcpus(), bounds.vcpusMin(), bounds.vcpusMax())));
    }
    if (bounds.memoryMinMib() != null || bounds.memoryMaxMib() != null) {
      filters.add(new Filter(SelectorField.MEMORY, "memory " + range(bounds.memoryMinMib(), bounds.memoryMaxMib(), " MiB"),
          type -> within(type.memoryMib(), bounds.memoryMinMib(), bounds.memoryMaxMib())));
    }
    criteria.burstSupport().ifPresent(burst -> filters.add(new Filter(SelectorField.BURST_SUPPORT,
        "burst-support=" + burst, type -> burst || !type.burstable())));
    criteria.currentGeneration().ifPresent(current -> filters.add(new Filter(SelectorField.CURRENT_GENERATION,
        "current-generation=" + current, type -> type.currentGeneration() == current)));
    criteria.allowList().ifPresent(allow -> filters.add(new Filter(SelectorField.ALLOW_LIST,
        "allow-list '" + allow.pattern() + "'", type -> allow.matcher(type.name()).find())));
    criteria.denyList().ifPresent(deny -> filters.add(new Filter(SelectorField.DENY_LIST,
        "deny-list '" + deny.pattern() + "'", type -> !deny.matcher(type.name()).find())));
    return filters;
  }

  private static boolean within(double value, Number min, Number max) {
    return (min == null || value >= min.doubleValue()) && (max == null || value <= max.doubleValue());
  }

  private static String range(Number min, Number max, String unit) {
    return (min == null ? "any" : format(min)) + ".." + (max == null ? "any" : format(max)) + unit;
  }

  private static String format(Number number) {
    double value = number.doubleValue();
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
  }

  /** Closest in shape (log distance in vCPU and memory) to the wanted size, ties by name. */
  private static List<String> nearest(List<InstanceType> candidates, Bounds bounds) {
    Comparator<InstanceType> byShape = Comparator.comparingDouble(type -> bounds.shapeDistance(type));
    return candidates.stream()
        .sorted(byShape.thenComparing(InstanceType::name))
        .limit(NEAR_TYPES_SHOWN)
        .map(InstanceType::name)
        .toList();
  }

  private record Filter(SelectorField field, String description, Predicate<InstanceType> keeps) {
  }
}
