package io.spotkube.runtime.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.drain.DrainPlanner.DrainPlan;
import io.spotkube.runtime.model.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrainPlannerTest {

  @ParameterizedTest(name = "owner={0} mirror={1} finished={2} -> evicted={3}")
  @CsvSource({
      "ReplicaSet, false, false, true",
      "StatefulSet, false, false, true",
      ",           false, false, true",
      "DaemonSet,  false, false, false",
      "ReplicaSet, true,  false, false",
      "Job,        false, true,  false",
  })
  void evictsEverythingButDaemonSetMirrorAndFinishedPods(String owner, boolean mirror, boolean finished,
      boolean evicted) {
    Pod pod = TestPods.pod("ns", "p", owner, mirror, null, finished);

    DrainPlan plan = DrainPlanner.beforeNodeLoss(null).plan(List.of(pod), Duration.ofSeconds(120));

    assertThat(plan.evictions()).hasSize(evicted ? 1 : 0);
  }

  @ParameterizedTest(name = "pod={0} override={1} left={2}s -> {3}")
  @CsvSource({
      "10,  ,   120, 10",
      ",    ,   120, 30",
      "10,  60, 120, 60",
      "300, ,   120, 120",
      "300, ,   0,   1",
  })
  void givesThePodsOwnGracePeriodOrTheOverrideCappedByTheTimeLeft(Long podGrace, Long override, long secondsLeft,
      long expected) {
    Pod pod = TestPods.pod("ns", "p", "ReplicaSet", false, podGrace, false);

    DrainPlan plan = DrainPlanner.beforeNodeLoss(override).plan(List.of(pod), Duration.ofSeconds(secondsLeft));

    assertThat(plan.evictions().get(0).gracePeriodSeconds()).isEqualTo(expected);
  }

  @Test
  void reportsDaemonSetPodsAsSkipped() {
    Pod daemon = TestPods.pod("ns", "d", "DaemonSet", false, null, false);

    assertThat(DrainPlanner.beforeNodeLoss(null).plan(List.of(daemon), Duration.ofSeconds(5)).skipped()).containsExactly(daemon);
  }

  @ParameterizedTest(name = "pod={0} max={1} -> {2}")
  @CsvSource({
      "10,  600, 10",
      ",    600, 30",
      "900, 600, 600",
  })
  void aScaleDownGivesEachPodItsOwnGracePeriodUpToTheMaximumWhateverTheTimeLeft(Long podGrace, long max,
      long expected) {
    Pod pod = TestPods.pod("ns", "p", "ReplicaSet", false, podGrace, false);

    DrainPlan plan = DrainPlanner.forScaleDown(max).plan(List.of(pod), Duration.ofSeconds(5));

    assertThat(plan.evictions().get(0).gracePeriodSeconds()).isEqualTo(expected);
  }
}
