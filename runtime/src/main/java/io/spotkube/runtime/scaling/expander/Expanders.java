package io.spotkube.runtime.scaling.expander;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The name registry of expanders ({@code --expander}). A comma list is a chain: each filter narrows
 * what the previous left; a tie left at the end is broken at random (seeded), as upstream.
 */
public final class Expanders {

  public static final Set<String> NAMES = new TreeSet<>(
      List.of("random", "most-pods", "least-waste", "least-nodes", "priority", "price"));

  private Expanders() {
  }

  /**
   * Builds the chain named by {@code names}.
   *
   * @throws IllegalArgumentException {@code unknown expander: x} for a name not in {@link #NAMES}
   */
  public static Filter chain(String names, Map<Integer, List<String>> priorities, Random random) {
    // Compiled even when "priority" is not in the chain: a bad regex is a configuration error either way.
    PriorityFilter priority = new PriorityFilter(priorities);
    List<Filter> filters = new ArrayList<>();
    for (String raw : names.split(",")) {
      String name = raw.strip();
      filters.add(switch (name) {
        case "random" -> new RandomFilter(random);
        case "most-pods" -> new MostPodsFilter();
        case "least-waste" -> new LeastWasteFilter();
        case "least-nodes" -> new LeastNodesFilter();
        case "priority" -> priority;
        case "price" -> new PriceFilter();
        default -> throw new IllegalArgumentException("unknown expander: " + name);
      });
    }
    Filter tieBreaker = new RandomFilter(random);
    return options -> {
      List<Option> remaining = options;
      for (Filter filter : filters) {
        if (remaining.size() <= 1) {
          break;
        }
        remaining = filter.bestOptions(remaining);
      }
      return tieBreaker.bestOptions(remaining);
    };
  }
}
