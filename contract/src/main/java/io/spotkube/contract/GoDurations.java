package io.spotkube.contract;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go duration text as cluster-autoscaler's flags take it: {@code 10s}, {@code 2m}, {@code 1h30m},
 * {@code 500ms}. The constructs format the durations they write into the runtime's arguments with
 * {@link #format}; the runtime reads its flags with {@link #parse}.
 */
public final class GoDurations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private GoDurations() {
  }

  /**
   * Parses a sum of parts ({@code 1h30m}, {@code 1.5h}, Go's own {@code 1h30m0s}) or {@code 0}.
   *
   * @param flag named in the error, e.g. {@code --scan-interval}
   * @throws IllegalArgumentException one line naming the flag and the text
   */
  public static Duration parse(String flag, String text) {
    String value = text.strip();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher matcher = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        break;
      }
      double amount = Double.parseDouble(matcher.group(1));
      long millis = switch (matcher.group(2)) {
        case "ms" -> Math.round(amount);
        case "s" -> Math.round(amount * 1_000);
        case "m" -> Math.round(amount * 60_000);
        default -> Math.round(amount * 3_600_000);
      };
      total = total.plusMillis(millis);
      end = matcher.end();
    }
    if (end == 0 || end != value.length()) {
      throw new IllegalArgumentException(flag + ": '" + text + "' is not a duration (e.g. 10s, 2m, 1h30m)");
    }
    return total;
  }

  /**
   * Largest units first, zero parts left out: {@code 1h30m}, {@code 1m1s}, {@code 1s500ms}, and
   * {@code 0s} for zero. {@code parse(flag, format(d))} gives {@code d} back.
   *
   * @throws IllegalArgumentException for a negative duration or one finer than a millisecond,
   *                                  which the runtime's flags cannot carry
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration (" + duration + ") must not be negative");
    }
    if (duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("duration (" + duration + ") must be whole milliseconds");
    }
    long seconds = duration.toSeconds();
    long millis = duration.toMillisPart();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60) {
      out.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}
