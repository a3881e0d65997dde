package io.spotkube.runtime.draining.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.drain.DrainOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DrainRegistryTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final DrainRegistry registry = new DrainRegistry(clock, Duration.ofMinutes(15));
  private final AtomicInteger started = new AtomicInteger();

  private CompletableFuture<DrainOutcome> start(CompletableFuture<DrainOutcome> drain) {
    started.incrementAndGet();
    return drain;
  }

  private static DrainOutcome outcome(boolean drained) {
    return new DrainOutcome("node", drained, List.of(), List.of(), Duration.ZERO);
  }

  @Test
  void aSecondEventJoinsTheDrainInProgress() {
    CompletableFuture<DrainOutcome> first = new CompletableFuture<>();

    CompletableFuture<DrainOutcome> a = registry.drain("i-1", () -> start(first));
    CompletableFuture<DrainOutcome> b = registry.drain("i-1", () -> start(new CompletableFuture<>()));

    assertThat(b).isSameAs(a);
    assertThat(started).hasValue(1);
  }

  @Test
  void aSuccessIsReusedWithinTheWindowAndForgottenAfterIt() {
    registry.drain("i-1", () -> start(CompletableFuture.completedFuture(outcome(true))));

    clock.advance(Duration.ofMinutes(10));
    registry.drain("i-1", () -> start(CompletableFuture.completedFuture(outcome(true))));
    assertThat(started).hasValue(1);

    clock.advance(Duration.ofMinutes(10));
    registry.drain("i-1", () -> start(CompletableFuture.completedFuture(outcome(true))));
    assertThat(started).hasValue(2);
  }

  @Test
  void aFailedOrTimedOutDrainIsTriedAgain() {
    registry.drain("i-1", () -> start(CompletableFuture.completedFuture(outcome(false))));
    registry.drain("i-1", () -> start(CompletableFuture.failedFuture(new IllegalStateException("api down"))));
    registry.drain("i-1", () -> start(CompletableFuture.completedFuture(outcome(true))));

    assertThat(started).hasValue(3);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void instancesAreIndependent() {
    registry.drain("i-1", () -> start(new CompletableFuture<>()));
    registry.drain("i-2", () -> start(new CompletableFuture<>()));

    assertThat(started).hasValue(2);
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
