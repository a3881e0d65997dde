package io.spotkube.runtime.scaling.backoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void backoffStartsAtFiveMinutesAndDoublesUpToThirty() {
    ExponentialBackoff backoff = new ExponentialBackoff();
    List<Duration> durations = new ArrayList<>();
    Instant now = T0;
    for (int i = 0; i < 5; i++) {
      ExponentialBackoff.Status status = backoff.backOff("spot-a", "InsufficientInstanceCapacity", now);
      durations.add(status.duration());
      now = status.until();
    }

    assertThat(durations).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
        Duration.ofMinutes(30), Duration.ofMinutes(30));
  }

  @Test
  void aGroupIsBackedOffUntilItsTimeIsUpAndOthersAreNot() {
    ExponentialBackoff backoff = new ExponentialBackoff();
    backoff.backOff("spot-a", "no Spot capacity", T0);

    assertThat(backoff.isBackedOff("spot-a", T0.plusSeconds(299))).isTrue();
    assertThat(backoff.isBackedOff("spot-a", T0.plusSeconds(300))).isFalse();
    assertThat(backoff.isBackedOff("spot-b", T0)).isFalse();
    assertThat(backoff.status("spot-a", T0).orElseThrow().reason()).isEqualTo("no Spot capacity");
  }

  @Test
  void aQuietGroupStartsAgainAtFiveMinutes() {
    ExponentialBackoff backoff = new ExponentialBackoff();
    ExponentialBackoff.Status first = backoff.backOff("spot-a", "x", T0);
    backoff.backOff("spot-a", "x", first.until());

    ExponentialBackoff.Status later = backoff.backOff("spot-a", "x", T0.plus(Duration.ofHours(5)));

    assertThat(later.duration()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void resetForgetsTheHistory() {
    ExponentialBackoff backoff = new ExponentialBackoff();
    backoff.backOff("spot-a", "x", T0);
    backoff.reset("spot-a");

    assertThat(backoff.isBackedOff("spot-a", T0)).isFalse();
    assertThat(backoff.backOff("spot-a", "x", T0).duration()).isEqualTo(Duration.ofMinutes(5));
  }
}
