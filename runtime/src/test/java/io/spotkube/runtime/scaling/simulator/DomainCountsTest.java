package io.spotkube.runtime.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The incrementally kept minimum must always equal a full scan, whatever the order of changes. */
class DomainCountsTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void theMinimumMatchesAFullScanAfterEveryChange(long seed) {
    Random random = new Random(seed);
    DomainCounts counts = new DomainCounts();
    Map<String, int[]> model = new HashMap<>(); // domain -> {pods, nodes}
    for (int step = 0; step < 5_000; step++) {
      String domain = "d" + random.nextInt(12);
      int[] entry = model.get(domain);
      switch (random.nextInt(4)) {
        case 0 -> {
          int pods = random.nextInt(3);
          counts.addNode(domain, pods);
          model.merge(domain, new int[] {pods, 1}, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1]});
        }
        case 1 -> {
          counts.podAdded(domain);
          if (entry != null) {
            entry[0]++;
          }
        }
        case 2 -> {
          if (entry != null && entry[0] > 0) {
            counts.podRemoved(domain);
            entry[0]--;
          }
        }
        default -> {
          if (entry != null) {
            // A node leaves with at most the pods its domain holds.
            int pods = entry[1] == 1 ? entry[0] : random.nextInt(entry[0] + 1);
            counts.removeNode(domain, pods);
            entry[0] -= pods;
            entry[1]--;
            if (entry[1] == 0) {
              model.remove(domain);
            }
          }
        }
      }
      int expected = model.values().stream().mapToInt(value -> value[0]).min().orElse(0);
      assertThat(counts.min()).as("step %d", step).isEqualTo(expected);
      assertThat(counts.count(domain)).isEqualTo(model.containsKey(domain) ? model.get(domain)[0] : 0);
    }
  }
}
