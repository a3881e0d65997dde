package io.spotkube.runtime.scaling.nodegroupset;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.scaling.nodegroupset.BalancingProcessor.GroupSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BalancingProcessorTest {

  /** Sizes and maxes as space-separated lists; expected targets likewise. */
  @ParameterizedTest(name = "{0} (max {1}) + {2} -> {3}")
  @CsvSource({
      "1 3 5 5, 10 10 10 10, 4, 4 4 5 5",
      "1 3 5 5, 10 10 10 10, 1, 2 3 5 5",
      "1 3 5 5, 10 10 10 10, 12, 7 7 6 6",
      "0 0 0, 10 10 10, 5, 2 2 1",
      "0 0, 2 10, 6, 2 4",
      "3 3, 3 3, 4, 3 3",
      "2, 10, 3, 5"})
  void raisesTheSmallestGroupsFirstUpToTheirMax(String sizes, String maxes, int newNodes, String expected) {
    int[] current = ints(sizes);
    int[] max = ints(maxes);
    List<GroupSize> groups = new ArrayList<>();
    for (int i = 0; i < current.length; i++) {
      groups.add(new GroupSize("g" + i, current[i], max[i]));
    }

    List<Integer> targets = List.copyOf(BalancingProcessor.balance(groups, newNodes).values());

    assertThat(targets).containsExactlyElementsOf(Arrays.stream(ints(expected)).boxed().toList());
  }

  private static int[] ints(String text) {
    return Arrays.stream(text.trim().split(" +")).mapToInt(Integer::parseInt).toArray();
  }
}
