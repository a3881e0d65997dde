package io.spotkube.runtime.scaling.expander;

import java.util.List;

/** {@code least-nodes}: the options that add the fewest nodes. */
final class LeastNodesFilter implements Filter {

  @Override
  public List<Option> bestOptions(List<Option> options) {
    int least = options.stream().mapToInt(Option::nodeCount).min().orElse(0);
    return options.stream().filter(option -> option.nodeCount() == least).toList();
  }
}
