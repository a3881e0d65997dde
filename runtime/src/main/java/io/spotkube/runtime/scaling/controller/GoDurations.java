package io.spotkube.runtime.scaling.controller;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go duration notation as cluster-autoscaler's flags take it: {@code 10s}, {@code 2m}, {@code 1h30m}, {@code 500ms}.
 * Public for the flag registry ({@code io.spotkube.runtime.flags}) until it moves to the contract module.
 */
public final class GoDurations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private GoDurations() {
  }

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

  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
