package io.spotkube.runtime.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code "250m"}, {@code "2"}, {@code "512Mi"}, {@code "8Gi"},
 * {@code "1e3"}). A plain integer is the base unit: cores for cpu, bytes for memory, a count for pods.
 *
 * <p>Values are exact; {@link #milliValue()} and {@link #value()} round up as Kubernetes does, so a
 * request never shrinks through rounding.
 */
public final class Quantity implements Comparable<Quantity> {

  private static final Pattern SYNTAX = Pattern.compile("([+-]?[0-9]*\\.?[0-9]+)([eE][+-]?[0-9]+|[a-zA-Z]*)");
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("n", new BigDecimal("1e-9")),
      Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")),
      Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")),
      Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")),
      Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
      Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
      Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
      Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  public static final Quantity ZERO = new Quantity(BigDecimal.ZERO);

  private final BigDecimal amount;

  private Quantity(BigDecimal amount) {
    this.amount = amount;
  }

  /**
   * Parses Kubernetes notation.
   *
   * @param field names the value in the error message, e.g. {@code pods[3].requests.cpu}
   * @throws IllegalArgumentException naming the field when the text is not a quantity or is negative
   */
  public static Quantity parse(String field, String text) {
    Objects.requireNonNull(text, field);
    Matcher matcher = SYNTAX.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(field + ": '" + text + "' is not a quantity (e.g. 250m, 2, 512Mi, 8Gi)");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    String suffix = matcher.group(2);
    BigDecimal amount;
    if (suffix.matches("[eE][+-]?[0-9]+")) {
      amount = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    } else {
      BigDecimal multiplier = SUFFIXES.get(suffix);
      if (multiplier == null) {
        throw new IllegalArgumentException(field + ": '" + text + "' has an unknown suffix '" + suffix + "'");
      }
      amount = number.multiply(multiplier);
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException(field + ": '" + text + "' is negative");
    }
    return new Quantity(amount);
  }

  public static Quantity ofMillis(long millis) {
    return new Quantity(BigDecimal.valueOf(millis, 3));
  }

  public static Quantity of(long units) {
    return new Quantity(BigDecimal.valueOf(units));
  }

  public Quantity plus(Quantity other) {
    return new Quantity(amount.add(other.amount));
  }

  /** Thousandths of the base unit, rounded up: {@code "250m"} cpu is 250, {@code "2"} is 2000. */
  public long milliValue() {
    return amount.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Whole base units, rounded up: {@code "8Gi"} memory is 8589934592 bytes. */
  public long value() {
    return amount.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  @Override
  public int compareTo(Quantity other) {
    return amount.compareTo(other.amount);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Quantity quantity && amount.compareTo(quantity.amount) == 0;
  }

  @Override
  public int hashCode() {
    return amount.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return amount.stripTrailingZeros().toPlainString();
  }
}
