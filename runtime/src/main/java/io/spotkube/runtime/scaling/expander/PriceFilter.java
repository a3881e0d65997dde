package io.spotkube.runtime.scaling.expander;

import java.util.List;

/**
 * {@code price}: the options with the lowest hourly price per scheduled pod ({@code nodeCount *
 * pricePerHour / pods}). Groups without a known price rank after every priced group. Simpler than
 * upstream's, which also scores the node shape against a preferred size.
 */
final class PriceFilter implements Filter {

  @Override
  public List<Option> bestOptions(List<Option> options) {
    return Filter.lowest(options, PriceFilter::pricePerPod);
  }

  private static double pricePerPod(Option option) {
    if (option.group().pricePerHour() <= 0 || option.pods().isEmpty()) {
      return Double.MAX_VALUE / 2;
    }
    return option.nodeCount() * option.group().pricePerHour() / option.pods().size();
  }
}
