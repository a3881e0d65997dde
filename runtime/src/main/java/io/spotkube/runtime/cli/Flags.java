package io.spotkube.runtime.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --name value} and {@code --name=value} flags, checked against the names a command
 * accepts. Every accessor names the flag in its {@link UsageException}.
 */
final class Flags {

  private final Map<String, String> values;

  private Flags(Map<String, String> values) {
    this.values = values;
  }

  static Flags parse(List<String> args, Set<String> known) {
    return parse(args, known, Set.of());
  }

  /** As {@link #parse(List, Set)}; a flag of {@code booleans} given alone means {@code true}. */
  static Flags parse(List<String> args, Set<String> known, Set<String> booleans) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name;
      String value;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else {
        name = arg;
        if (booleans.contains(name) && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
          value = "true";
        } else if (i + 1 >= args.size()) {
          throw new UsageException(name + " needs a value");
        } else {
          value = args.get(++i);
        }
      }
      if (!known.contains(name)) {
        throw new UsageException("unknown flag " + name + "; known flags: " + String.join(" ", known.stream().sorted().toList()));
      }
      if (values.putIfAbsent(name, value) != null) {
        throw new UsageException(name + " is given twice");
      }
    }
    return new Flags(values);
  }

  /** The flags given, by name, in the order given. */
  java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(values.keySet());
  }

  Optional<String> text(String name) {
    return Optional.ofNullable(values.get(name));
  }

  String required(String name) {
    return text(name).orElseThrow(() -> new UsageException(name + " is required"));
  }

  Optional<Integer> integer(String name) {
    return text(name).map(value -> {
      try {
        return Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new UsageException(name + ": '" + value + "' is not a whole number");
      }
    });
  }

  Optional<Long> longInteger(String name) {
    return text(name).map(value -> {
      try {
        return Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new UsageException(name + ": '" + value + "' is not a whole number");
      }
    });
  }

  Optional<Boolean> bool(String name) {
    return text(name).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new UsageException(name + ": '" + value + "' is not true or false");
    });
  }
}
