package io.spotkube.runtime.flags;

import io.spotkube.contract.GoDurations;
import io.spotkube.runtime.ports.StaticNodeGroup;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How a flag's text becomes a value, and what the docs call it. Every parser names the source of the
 * bad value (the flag or the environment variable) in its {@link FlagException}.
 *
 * @param name the type column of the docs ({@code bool}, {@code text}, {@code int}, ...)
 * @param parser text to value
 * @param <T> the value's Java type
 */
public record FlagType<T>(String name, Parser<T> parser) {

  /** Bare or {@code =true}/{@code =false}, as Go's flag package takes booleans. */
  public static final FlagType<Boolean> BOOL = new FlagType<>("bool", (source, text) ->
      switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new FlagException(source + ": '" + text + "' is not true or false");
      });
  public static final FlagType<String> TEXT = new FlagType<>("text", (source, text) -> text);
  public static final FlagType<Integer> INT = integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
  public static final FlagType<Double> DECIMAL = new FlagType<>("decimal", (source, text) -> {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new FlagException(source + ": '" + text + "' is not a number");
    }
  });
  /** Go notation, as cluster-autoscaler's flags: {@code 10s}, {@code 2m}, {@code 1h30m}. */
  public static final FlagType<Duration> DURATION = new FlagType<>("duration", (source, text) -> {
    try {
      return GoDurations.parse(source, text);
    } catch (IllegalArgumentException e) {
      throw new FlagException(e.getMessage());
    }
  });
  /** An absolute URL with scheme and host. */
  public static final FlagType<URI> URL = new FlagType<>("url", (source, text) -> {
    try {
      URI uri = URI.create(text.strip());
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the source
    }
    throw new FlagException(source + ": '" + text + "' is not a URL");
  });

  /** cluster-autoscaler's {@code --nodes} value, {@code <min>:<max>:<Auto Scaling group name>}. */
  public static final FlagType<StaticNodeGroup> NODE_GROUP = new FlagType<>("min:max:name", (source, text) -> {
    try {
      return StaticNodeGroup.parse(source, text);
    } catch (IllegalArgumentException e) {
      throw new FlagException(e.getMessage());
    }
  });

  /** A whole number within {@code [min, max]}; the type column shows the bounds that are set. */
  public static FlagType<Integer> integer(int min, int max) {
    String bounds = max != Integer.MAX_VALUE ? " " + min + ".." + max : min != Integer.MIN_VALUE ? " >= " + min : "";
    return new FlagType<>("int" + bounds, (source, text) -> {
      int value;
      try {
        value = Integer.parseInt(text.strip());
      } catch (NumberFormatException e) {
        throw new FlagException(source + ": '" + text + "' is not a whole number");
      }
      if (value < min) {
        throw new FlagException(source + ": " + value + " is below the minimum " + min);
      }
      if (value > max) {
        throw new FlagException(source + ": " + value + " is above the maximum " + max);
      }
      return value;
    });
  }

  /** A whole number of at least {@code min}. */
  public static FlagType<Integer> integer(int min) {
    return integer(min, Integer.MAX_VALUE);
  }

  /** Booleans may stand alone on the command line ({@code --cordon-only} means true). */
  public boolean bare() {
    return this == BOOL;
  }

  T parse(String source, String text) {
    return parser.parse(source, text);
  }

  /** Text to value; throws {@link FlagException} naming {@code source}. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String source, String text);
  }
}
