package io.spotkube.runtime.scaling.expander;

import java.util.List;

/** {@code most-pods}: the options that schedule the most pending pods. */
final class MostPodsFilter implements Filter {

  @Override
  public List<Option> bestOptions(List<Option> options) {
    int most = options.stream().mapToInt(option -> option.pods().size()).max().orElse(0);
    return options.stream().filter(option -> option.pods().size() == most).toList();
  }
}
