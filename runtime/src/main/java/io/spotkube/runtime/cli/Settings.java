package io.spotkube.runtime.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A setting read from a flag, else from the environment variable(s) the upstream handler reads,
 * else a default. Errors name the flag or the variable the bad value came from.
 */
final class Settings {

  private final Flags flags;
  private final Map<String, String> env;

  Settings(Flags flags, Map<String, String> env) {
    this.flags = flags;
    this.env = env;
  }

  /** The raw value and where it came from, when set. */
  Optional<Sourced> sourced(String flag, String... envVars) {
    Optional<String> fromFlag = flags.text(flag);
    if (fromFlag.isPresent()) {
      return Optional.of(new Sourced(flag, fromFlag.get()));
    }
    for (String var : envVars) {
      String value = env.get(var);
      if (value != null && !value.isBlank()) {
        return Optional.of(new Sourced(var, value.strip()));
      }
    }
    return Optional.empty();
  }

  String text(String flag, String defaultValue, String... envVars) {
    return sourced(flag, envVars).map(Sourced::value).orElse(defaultValue);
  }

  boolean bool(String flag, boolean defaultValue, String... envVars) {
    return sourced(flag, envVars).map(setting -> switch (setting.value().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new UsageException(setting.source() + ": '" + setting.value() + "' is not true or false");
    }).orElse(defaultValue);
  }

  long integer(String flag, long defaultValue, long min, String... envVars) {
    return sourced(flag, envVars).map(setting -> {
      long value;
      try {
        value = Long.parseLong(setting.value());
      } catch (NumberFormatException e) {
        throw new UsageException(setting.source() + ": '" + setting.value() + "' is not a whole number");
      }
      if (value < min) {
        throw new UsageException(setting.source() + ": " + value + " is below the minimum " + min);
      }
      return value;
    }).orElse(defaultValue);
  }

  /** A value with the flag or variable it came from. */
  record Sourced(String source, String value) {
  }
}
