package io.spotkube.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

  @ParameterizedTest
  @CsvSource({"PT2M, 2m", "PT10S, 10s", "PT1H30M, 1h30m", "PT1H, 1h", "PT61S, 1m1s", "PT15M, 15m", "PT0S, 0s",
      "PT0.5S, 500ms", "PT1.25S, 1s250ms", "PT25H, 25h"})
  void durationsAreWrittenTheWayGoFlagsReadThem(Duration duration, String expected) {
    assertThat(GoDurations.format(duration)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"10s, PT10S", "2m, PT2M", "1h30m, PT1H30M", "1h30m0s, PT1H30M", "500ms, PT0.5S", "1.5h, PT1H30M",
      "0, PT0S", "' 90s ', PT1M30S"})
  void goDurationTextIsRead(String text, Duration expected) {
    assertThat(GoDurations.parse("--scan-interval", text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 999, 1_000, 59_999, 60_000, 3_599_999, 3_600_000, 5_400_000, 86_400_001})
  void whatIsFormattedParsesBackToTheSameDuration(long millis) {
    Duration duration = Duration.ofMillis(millis);

    assertThat(GoDurations.parse("--flag", GoDurations.format(duration))).isEqualTo(duration);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "10", "2 minutes", "1d", "-1m", "10s soon", "m", ""})
  void textThatIsNotADurationIsRejectedNamingTheFlag(String text) {
    assertThatThrownBy(() -> GoDurations.parse("--scale-down-unneeded-time", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--scale-down-unneeded-time: '" + text + "' is not a duration (e.g. 10s, 2m, 1h30m)");
  }

  @Test
  void durationsTheFlagsCannotCarryAreNotFormatted() {
    assertThatThrownBy(() -> GoDurations.format(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("duration (PT-5S) must not be negative");
    assertThatThrownBy(() -> GoDurations.format(Duration.ofNanos(1_500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("duration (PT0.0000015S) must be whole milliseconds");
  }
}
