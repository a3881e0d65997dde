package io.spotkube.runtime.flags;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of one parse, by flag: from the command line, else the environment, else the default.
 * Already converted and checked; reading one cannot fail on user input.
 */
public final class FlagValues {

  /** The source of a value that nobody set. */
  public static final String DEFAULT = "default";

  private final Set<String> table;
  private final Map<String, Object> values;
  private final Map<String, String> sources;

  FlagValues(Set<String> table, Map<String, Object> values, Map<String, String> sources) {
    this.table = Set.copyOf(table);
    this.values = Map.copyOf(values);
    this.sources = Map.copyOf(sources);
  }

  /** The value; null when the flag has no default and was not set. */
  public <T> T get(Flag<T> flag) {
    return find(flag).orElse(null);
  }

  public <T> Optional<T> find(Flag<T> flag) {
    checkKnown(flag);
    if (flag.repeatable()) {
      throw new IllegalStateException(flag.name() + " is repeatable: read it with all()");
    }
    @SuppressWarnings("unchecked") // stored by FlagTable.parse from this flag's own type
    T value = (T) values.get(flag.name());
    return Optional.ofNullable(value);
  }

  /** Every value of a {@link Flag#repeatable} flag, in the order given; empty when not given. */
  public <T> List<T> all(Flag<T> flag) {
    checkKnown(flag);
    if (!flag.repeatable()) {
      throw new IllegalStateException(flag.name() + " is not repeatable: read it with get() or find()");
    }
    @SuppressWarnings("unchecked") // stored by FlagTable.parse as a list of this flag's own type
    List<T> all = (List<T>) values.get(flag.name());
    return all;
  }

  /** Where the value came from: the flag, the environment variable, or {@link #DEFAULT}. */
  public String source(Flag<?> flag) {
    checkKnown(flag);
    return sources.getOrDefault(flag.name(), DEFAULT);
  }

  /** Set by the user, on the command line or in the environment. */
  public boolean given(Flag<?> flag) {
    return !source(flag).equals(DEFAULT);
  }

  private void checkKnown(Flag<?> flag) {
    if (!table.contains(flag.name())) {
      throw new IllegalStateException(flag.name() + " is not in the table these values were parsed with");
    }
  }
}
