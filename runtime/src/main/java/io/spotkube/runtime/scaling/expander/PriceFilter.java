package io.spotkube.runtime.scaling.expander;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code price}: the options with the lowest hourly price per scheduled pod ({@code nodeCount *
 * pricePerHour / pods}). Groups without a known price rank after every priced group. Simpler than
 * upstream's, which also scores the node shape against a preferred size.
 */
final class PriceFilter implements Filter {

  @Override
  public List<Option> bestOptions(List<Option> options) {
    double least = Double.MAX_VALUE;
    List<Option> best = new ArrayList<>();
    for (Option option : options) {
      double price = pricePerPod(option);
      if (price < least - 1e-12) {
        least = price;
        best.clear();
        best.add(option);
      } else if (Math.abs(price - least) <= 1e-12) {
        best.add(option);
      }
    }
    return best;
  }

  private static double pricePerPod(Option option) {
    if (option.group().pricePerHour() <= 0 || option.pods().isEmpty()) {
      return Double.MAX_VALUE / 2;
    }
    return option.nodeCount() * option.group().pricePerHour() / option.pods().size();
  }
}
