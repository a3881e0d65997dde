package io.spotkube.runtime.scaling.expander;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Narrows scale-up options to the best ones by one criterion (upstream's expander.Filter). Returns
 * every option it cannot tell apart, so the next filter of a chain breaks the tie; never empty for
 * a non-empty input.
 */
@FunctionalInterface
public interface Filter {

  List<Option> bestOptions(List<Option> options);

  /** The options with the lowest {@code score}; scores within 1e-12 of each other tie. */
  static List<Option> lowest(List<Option> options, ToDoubleFunction<Option> score) {
    double least = Double.MAX_VALUE;
    List<Option> best = new ArrayList<>();
    for (Option option : options) {
      double value = score.applyAsDouble(option);
      if (value < least - 1e-12) {
        least = value;
        best.clear();
        best.add(option);
      } else if (Math.abs(value - least) <= 1e-12) {
        best.add(option);
      }
    }
    return best;
  }
}
