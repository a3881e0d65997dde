package io.spotkube.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the memory sizes the instance selector accepts: {@code 8}, {@code 8Gi}, {@code 8GiB},
 * {@code 8gb}, {@code 8192Mi}, {@code 0.5Ti}. A bare number is GiB, as in
 * {@code ec2-instance-selector}; binary and decimal suffixes are both read as binary units,
 * since EC2 sizes memory in MiB.
 */
public final class MemorySize {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);

  private MemorySize() {
  }

  /** The size in MiB, rounded down; {@code field} names the input in the error. */
  public static long parseMib(SelectorField field, String text) {
    Matcher matcher = SIZE.matcher(text.strip());
    if (!matcher.matches()) {
      throw new InstanceSelectionException(field, "'" + text + "' is not a memory size (examples: 8, 8Gi, 8GiB, 8192Mi)");
    }
    double value = Double.parseDouble(matcher.group(1));
    String unit = matcher.group(2).toLowerCase(Locale.ROOT);
    double mib = switch (unit) {
      case "k" -> value / 1024;
      case "m" -> value;
      case "t" -> value * 1024 * 1024;
      default -> value * 1024; // "g" or no unit: GiB
    };
    return (long) Math.floor(mib);
  }
}
