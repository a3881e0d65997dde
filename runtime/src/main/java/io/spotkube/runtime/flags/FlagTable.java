package io.spotkube.runtime.flags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A command's flags, one {@link Flag} per row: parses a command line and an environment against
 * them, and is what docs/flags.md and {@code --help} are rendered from ({@link FlagDocs}).
 */
public final class FlagTable {

  private final List<Flag<?>> flags;

  private FlagTable(List<Flag<?>> flags) {
    this.flags = List.copyOf(flags);
    Set<String> names = new HashSet<>();
    Set<String> variables = new HashSet<>();
    for (Flag<?> flag : this.flags) {
      flag.names().forEach(name -> unique(names, name, "flag"));
      flag.env().forEach(variable -> unique(variables, variable, "environment variable"));
      if (flag.defaultValue() != null) {
        flag.type().parse("the default of " + flag.name(), flag.defaultValue());
      }
    }
  }

  /**
   * @throws IllegalArgumentException when a name or a variable is in two rows, or a default does not parse
   */
  public static FlagTable of(List<Flag<?>> flags) {
    return new FlagTable(flags);
  }

  public List<Flag<?>> flags() {
    return flags;
  }

  /** The rows {@code user} reads, for a caller that takes only those ({@code AutoscalerSettings.fromArgs}). */
  public FlagTable only(UsedBy user) {
    return new FlagTable(flags.stream().filter(flag -> flag.usedBy().contains(user)).toList());
  }

  /**
   * Reads every flag: the command line wins over the environment (first non-blank variable of the
   * row), which wins over the default. Every value is converted now, so a bad one fails here.
   *
   * @throws FlagException one line naming the flag or variable: unknown flag (the known ones listed),
   *     a flag given twice, a missing or bad value
   */
  public FlagValues parse(List<String> args, Map<String, String> env) {
    Map<String, List<String>> given = CommandLineTokens.read(flags, args);
    Map<String, Object> values = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Flag<?> flag : flags) {
      String source = null;
      List<String> texts = given.get(flag.name());
      if (flag.repeatable()) {
        List<Object> all = new ArrayList<>();
        for (String each : texts == null ? List.<String>of() : texts) {
          all.add(flag.type().parse(flag.name(), each));
        }
        values.put(flag.name(), List.copyOf(all));
        if (texts != null) {
          sources.put(flag.name(), flag.name());
        }
        continue;
      }
      String text = texts == null ? null : texts.get(0);
      if (text != null) {
        source = flag.name();
      } else {
        for (String variable : flag.env()) {
          String value = env.get(variable);
          if (value != null && !value.isBlank()) {
            source = variable;
            text = value.strip();
            break;
          }
        }
      }
      if (source != null) {
        sources.put(flag.name(), source);
        values.put(flag.name(), flag.type().parse(source, text));
      } else if (flag.defaultValue() != null) {
        values.put(flag.name(), flag.type().parse(FlagValues.DEFAULT, flag.defaultValue()));
      }
    }
    return new FlagValues(flags.stream().map(Flag::name).collect(Collectors.toSet()), values, sources);
  }

  private static void unique(Set<String> seen, String name, String what) {
    if (!seen.add(name)) {
      throw new IllegalArgumentException(what + " " + name + " is in two rows of the table");
    }
  }
}
