package io.spotkube.runtime.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One row of a flag table: a flag, the environment variables read when it is not given (the upstream
 * program's names where it has them, first set wins), its type, its default and what it is for.
 * Immutable; the {@code with...} methods return a changed copy, so a table reads as one expression
 * per row.
 *
 * @param name the flag, {@code --name}
 * @param aliases other spellings of the same flag ({@code --region} for {@code --aws-region})
 * @param env environment variables, in order of precedence; empty = none
 * @param type how the text becomes a value
 * @param defaultValue the text used when neither flag nor variable is set, parsed like a given value;
 *     null = no value
 * @param defaultNote what the default means, for the docs ({@code the pod's own}); null = nothing to add
 * @param usedBy who reads it; empty = accepted for compatibility, no effect here
 * @param description one line for the docs and {@code --help}
 * @param repeatable may be given several times, as cluster-autoscaler's {@code --nodes}; read with
 *     {@link FlagValues#all}; no environment variable, no default
 * @param <T> the value's Java type
 */
public record Flag<T>(String name, List<String> aliases, List<String> env, FlagType<T> type, String defaultValue,
    String defaultNote, Set<UsedBy> usedBy, String description, boolean repeatable) {

  public Flag {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    checkName(name);
    aliases = List.copyOf(aliases);
    aliases.forEach(Flag::checkName);
    env = List.copyOf(env);
    usedBy = Set.copyOf(usedBy);
    if (description.isBlank() || description.contains("\n") || description.contains("|")) {
      throw new IllegalArgumentException(name + ": the description must be one line without '|'");
    }
    if (repeatable && (!env.isEmpty() || defaultValue != null)) {
      throw new IllegalArgumentException(name + ": a repeatable flag has no environment variable and no default");
    }
  }

  /** A flag with no environment variable, no default and no alias. */
  public static <T> Flag<T> of(String name, FlagType<T> type, Set<UsedBy> usedBy, String description) {
    return new Flag<>(name, List.of(), List.of(), type, null, null, usedBy, description, false);
  }

  public Flag<T> withEnv(String... variables) {
    return new Flag<>(name, aliases, List.of(variables), type, defaultValue, defaultNote, usedBy, description, repeatable);
  }

  public Flag<T> withAliases(String... names) {
    return new Flag<>(name, List.of(names), env, type, defaultValue, defaultNote, usedBy, description, repeatable);
  }

  public Flag<T> withDefault(String text) {
    return new Flag<>(name, aliases, env, type, text, defaultNote, usedBy, description, repeatable);
  }

  public Flag<T> withDefault(String text, String note) {
    return new Flag<>(name, aliases, env, type, text, note, usedBy, description, repeatable);
  }

  /** The flag may be given several times; {@link FlagValues#all} reads every value, in order. */
  public Flag<T> withRepeats() {
    return new Flag<>(name, aliases, env, type, defaultValue, defaultNote, usedBy, description, true);
  }

  /** Every spelling: the name, then the aliases. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(name);
    names.addAll(aliases);
    return names;
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("--?[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("flag name '" + name + "' is not --lower-case-words");
    }
  }
}
