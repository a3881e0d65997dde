package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoopHealthTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final LoopHealth health = new LoopHealth(Duration.ofMinutes(10), Duration.ofMinutes(15));

  @Test
  void aReplicaThatDoesNotLeadIsHealthy() {
    assertThat(health.healthy(T0.plus(Duration.ofHours(5)), null, null, null)).isTrue();
  }

  @Test
  void aLeaderIsGivenMaxInactivityForItsFirstIteration() {
    assertThat(health.healthy(T0.plus(Duration.ofMinutes(9)), T0, null, null)).isTrue();
    assertThat(health.healthy(T0.plus(Duration.ofMinutes(11)), T0, null, null)).as("hung first iteration").isFalse();
  }

  @Test
  void aLeaderWhoseLoopKeepsEndingButNeverSucceedsFailsAfterMaxFailingTime() {
    Instant lastEnd = T0.plus(Duration.ofMinutes(19));
    Instant lastSuccess = T0.plus(Duration.ofMinutes(1));

    assertThat(health.healthy(T0.plus(Duration.ofMinutes(15)), T0, lastEnd, lastSuccess)).isTrue();
    assertThat(health.healthy(T0.plus(Duration.ofMinutes(20)), T0, lastEnd, lastSuccess)).isFalse();
  }

  @Test
  void aLeaderWhoseLoopSucceedsIsHealthy() {
    Instant last = T0.plus(Duration.ofHours(2));

    assertThat(health.healthy(last.plusSeconds(10), T0, last, last)).isTrue();
  }
}
