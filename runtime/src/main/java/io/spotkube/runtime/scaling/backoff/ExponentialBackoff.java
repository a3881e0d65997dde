package io.spotkube.runtime.scaling.backoff;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per node group backoff after failed scale-ups, as upstream's exponential backoff: the first
 * failure backs a group off for 5 minutes, each further failure while the last backoff is recent
 * doubles it up to 30 minutes, and a group quiet for 3 hours starts again at 5. Time is passed in.
 * Not thread-safe: the controller loop owns it.
 */
public final class ExponentialBackoff {

  public static final Duration INITIAL = Duration.ofMinutes(5);
  public static final Duration MAX = Duration.ofMinutes(30);
  public static final Duration RESET_AFTER = Duration.ofHours(3);

  /** One group's backoff: until when, how long it was, and why. */
  public record Status(Instant until, Duration duration, String reason) {
  }

  private final Duration initial;
  private final Duration max;
  private final Duration resetAfter;
  private final Map<String, Status> byGroup = new HashMap<>();

  public ExponentialBackoff() {
    this(INITIAL, MAX, RESET_AFTER);
  }

  public ExponentialBackoff(Duration initial, Duration max, Duration resetAfter) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
    }
    this.initial = initial;
    this.max = max;
    this.resetAfter = resetAfter;
  }

  /** Records a failed scale-up of {@code group} at {@code now}; returns the new backoff. */
  public Status backOff(String group, String reason, Instant now) {
    Status previous = byGroup.get(group);
    Duration duration = initial;
    if (previous != null && now.isBefore(previous.until().plus(resetAfter))) {
      Duration doubled = previous.duration().multipliedBy(2);
      duration = doubled.compareTo(max) > 0 ? max : doubled;
    }
    Status status = new Status(now.plus(duration), duration, reason);
    byGroup.put(group, status);
    return status;
  }

  public boolean isBackedOff(String group, Instant now) {
    Status status = byGroup.get(group);
    return status != null && now.isBefore(status.until());
  }

  public Optional<Status> status(String group, Instant now) {
    return isBackedOff(group, now) ? Optional.of(byGroup.get(group)) : Optional.empty();
  }

  /** Forgets a group's history, e.g. after a successful scale-up (upstream RemoveBackoff). */
  public void reset(String group) {
    byGroup.remove(group);
  }

  /** Drops entries quiet for longer than the reset time, so the map does not grow forever. */
  public void removeStale(Instant now) {
    byGroup.values().removeIf(status -> !now.isBefore(status.until().plus(resetAfter)));
  }
}
