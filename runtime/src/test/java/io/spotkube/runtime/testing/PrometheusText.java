package io.spotkube.runtime.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A strict reader of the Prometheus text format 0.0.4, refusing what Prometheus would refuse: every
 * family typed once (at most one HELP), before its samples, its samples together; sample names that
 * belong to their family's type; well-formed, unique label sets; numeric values; histogram buckets
 * cumulative with {@code +Inf} equal to {@code _count}. client_java ships no parser, hence this one.
 */
public final class PrometheusText {

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

  /** One sample line: its name, labels (sorted by name, unescaped) and value. */
  public record Sample(String name, Map<String, String> labels, double value) {

    /** {@code name{a="x",b="y"}}: labels sorted by name, values escaped as in the format. */
    public String series() {
      return labels.isEmpty() ? name : labels.entrySet().stream()
          .map(label -> label.getKey() + "=\"" + label.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
              .replace("\n", "\\n") + "\"")
          .collect(Collectors.joining(",", name + "{", "}"));
    }
  }

  /** One family: its name, type, help (null when it has none) and samples in order. */
  public record Family(String name, String type, String help, List<Sample> samples) {

    /** The value of {@code series} as {@link Sample#series()} writes it, or null. */
    public Double value(String series) {
      return samples.stream().filter(sample -> sample.series().equals(series)).map(Sample::value).findFirst()
          .orElse(null);
    }
  }

  private PrometheusText() {
  }

  /** The families of {@code text} by name, in order; throws IllegalArgumentException naming the first bad line. */
  public static Map<String, Family> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition does not end with a newline");
    }
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> helps = new TreeMap<>();
    Set<String> closed = new HashSet<>();
    Set<String> series = new HashSet<>();
    String current = null;
    String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + " '" + line + "': ";
      Matcher help = HELP.matcher(line);
      Matcher type = TYPE.matcher(line);
      Matcher sample = SAMPLE.matcher(line);
      if (help.matches()) {
        current = open(help.group(1), current, closed, families, where);
        if (helps.put(help.group(1), help.group(2)) != null) {
          throw new IllegalArgumentException(where + "a second HELP for " + help.group(1));
        }
      } else if (type.matches()) {
        current = open(type.group(1), current, closed, families, where);
        if (families.containsKey(type.group(1))) {
          throw new IllegalArgumentException(where + "a second TYPE for " + type.group(1));
        }
        families.put(type.group(1), new Family(type.group(1), type.group(2), helps.get(type.group(1)), new ArrayList<>()));
      } else if (sample.matches()) {
        Family family = current == null ? null : families.get(current);
        if (family == null || !belongs(sample.group(1), family)) {
          throw new IllegalArgumentException(where + "a sample outside its typed family (current: " + current + ")");
        }
        Sample one = new Sample(sample.group(1), labels(sample.group(2), where), value(sample.group(3), where));
        if (family.type().equals("histogram") && one.name().endsWith("_bucket") != one.labels().containsKey("le")) {
          throw new IllegalArgumentException(where + "buckets, and only they, carry le");
        }
        if (!series.add(one.series())) {
          throw new IllegalArgumentException(where + "series " + one.series() + " twice");
        }
        family.samples().add(one);
      } else {
        throw new IllegalArgumentException(where + "neither HELP, TYPE nor a sample");
      }
    }
    families.values().stream().filter(family -> family.type().equals("histogram")).forEach(PrometheusText::checkBuckets);
    return families;
  }

  private static String open(String name, String current, Set<String> closed, Map<String, Family> families,
      String where) {
    if (!name.equals(current)) {
      if (current != null) {
        closed.add(current);
      }
      if (closed.contains(name)) {
        throw new IllegalArgumentException(where + name + " reopened after another family");
      }
    } else if (families.containsKey(name) && !families.get(name).samples().isEmpty()) {
      throw new IllegalArgumentException(where + "metadata of " + name + " after its samples");
    }
    return name;
  }

  private static boolean belongs(String sample, Family family) {
    String name = family.name();
    return switch (family.type()) {
      case "histogram" -> sample.equals(name + "_bucket") || sample.equals(name + "_sum") || sample.equals(name + "_count");
      case "summary" -> sample.equals(name) || sample.equals(name + "_sum") || sample.equals(name + "_count");
      default -> sample.equals(name);
    };
  }

  private static Map<String, String> labels(String text, String where) {
    Map<String, String> labels = new TreeMap<>();
    if (text == null) {
      return labels;
    }
    Matcher label = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!label.find(at) || label.start() != at) {
        throw new IllegalArgumentException(where + "malformed labels at character " + at);
      }
      String value = label.group(2).replace("\\\\", "\u0000").replace("\\\"", "\"").replace("\\n", "\n")
          .replace("\u0000", "\\");
      if (labels.put(label.group(1), value) != null) {
        throw new IllegalArgumentException(where + "label " + label.group(1) + " twice");
      }
      at = label.end();
      if (at < text.length()) {
        if (text.charAt(at) != ',' || at == text.length() - 1) {
          throw new IllegalArgumentException(where + "malformed labels at character " + at);
        }
        at++;
      }
    }
    return labels;
  }

  private static double value(String text, String where) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + "value " + text + " is not a number");
        }
      }
    };
  }

  /** Per series: buckets non-decreasing in le order, the last one +Inf and equal to _count. */
  private static void checkBuckets(Family family) {
    Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
    Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
    for (Sample sample : family.samples()) {
      Map<String, String> labels = new TreeMap<>(sample.labels());
      String le = labels.remove("le");
      if (sample.name().endsWith("_bucket")) {
        buckets.computeIfAbsent(labels, key -> new TreeMap<>()).put(value(le, "le of " + family.name()), sample.value());
      } else if (sample.name().endsWith("_count")) {
        counts.put(labels, sample.value());
      }
    }
    buckets.forEach((labels, byBound) -> {
      double previous = 0;
      for (double count : byBound.values()) {
        if (count < previous) {
          throw new IllegalArgumentException(family.name() + labels + ": buckets not cumulative");
        }
        previous = count;
      }
      if (byBound.lastKey() != Double.POSITIVE_INFINITY || !Double.valueOf(previous).equals(counts.get(labels))) {
        throw new IllegalArgumentException(family.name() + labels + ": no +Inf bucket equal to _count");
      }
    });
  }
}
