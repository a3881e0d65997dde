package io.spotkube.runtime.scaling.expander;

import java.util.List;
import java.util.Random;

/** {@code random}: one option at random, from the seeded random the caller passes in. */
final class RandomFilter implements Filter {

  private final Random random;

  RandomFilter(Random random) {
    this.random = random;
  }

  @Override
  public List<Option> bestOptions(List<Option> options) {
    if (options.size() <= 1) {
      return options;
    }
    return List.of(options.get(random.nextInt(options.size())));
  }
}
