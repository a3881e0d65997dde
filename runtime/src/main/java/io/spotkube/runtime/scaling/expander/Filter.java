package io.spotkube.runtime.scaling.expander;

import java.util.List;

/**
 * Narrows scale-up options to the best ones by one criterion (upstream's expander.Filter). Returns
 * every option it cannot tell apart, so the next filter of a chain breaks the tie; never empty for
 * a non-empty input.
 */
@FunctionalInterface
public interface Filter {

  List<Option> bestOptions(List<Option> options);
}
