package io.spotkube.runtime.scaling.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotkube.runtime.model.Quantity;
import io.spotkube.runtime.text.SafeText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Typed, strict access to one JSON object of a snapshot: every error names the field by its path.
 * A field name that looks like a misspelt known one is rejected (a typo must not silently become
 * a default); other unknown fields are ignored, since the contract lets producers add fields.
 */
final class JsonFields {

  /** Longest value from the file quoted back in an error: a hostile file carries huge strings. */
  private static final int QUOTE_LIMIT = 40;

  private final JsonNode node;
  private final String path;

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static JsonFields of(JsonNode node, String path, Set<String> known) {
    if (node == null || !node.isObject()) {
      throw new SnapshotFormatException(path + ": expected an object, got " + kind(node));
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        misspelt(name, known).ifPresent(meant -> {
          throw new SnapshotFormatException(key(path, name) + ": unknown field; did you mean " + meant
              + "? known: " + new TreeSet<>(known));
        });
      }
    }
    return new JsonFields(node, path);
  }

  /** The known name {@code name} is most likely a typo of: same letters in another case, or 1-2 edits away. */
  private static java.util.Optional<String> misspelt(String name, Set<String> known) {
    return known.stream()
        // Names whose lengths differ by more than 2 are more than 2 edits apart: skipping them keeps
        // a hostile 50,000-character name from costing a quadratic distance per known field.
        .filter(candidate -> candidate.equalsIgnoreCase(name)
            || (name.length() >= 5 && Math.abs(name.length() - candidate.length()) <= 2
                && io.spotkube.catalog.NearNames.distance(name, candidate) <= 2))
        .sorted()
        .findFirst();
  }

  String path() {
    return path;
  }

  String path(String field) {
    return child(path, field);
  }

  private JsonNode value(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  String requiredText(String field) {
    String text = text(field, null);
    if (text == null) {
      throw new SnapshotFormatException(path(field) + ": required");
    }
    return text;
  }

  String text(String field, String fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new SnapshotFormatException(path(field) + ": expected a string, got " + kind(value));
    }
    return value.asText();
  }

  long integer(String field, long fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new SnapshotFormatException(path(field) + ": expected a whole number, got " + kind(value));
    }
    return value.asLong();
  }

  long nonNegative(String field, long fallback) {
    long number = integer(field, fallback);
    if (number < 0) {
      throw new SnapshotFormatException(path(field) + ": must not be negative, was " + number);
    }
    return number;
  }

  int nonNegativeInt(String field, int fallback) {
    long number = nonNegative(field, fallback);
    if (number > Integer.MAX_VALUE) {
      throw new SnapshotFormatException(path(field) + ": too large, was " + number);
    }
    return (int) number;
  }

  double decimal(String field, double fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new SnapshotFormatException(path(field) + ": expected a number, got " + kind(value));
    }
    return value.asDouble();
  }

  boolean bool(String field, boolean fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new SnapshotFormatException(path(field) + ": expected true or false, got " + kind(value));
    }
    return value.asBoolean();
  }

  Map<String, String> stringMap(String field) {
    JsonNode value = value(field);
    Map<String, String> map = new LinkedHashMap<>();
    if (value == null) {
      return map;
    }
    if (!value.isObject()) {
      throw new SnapshotFormatException(path(field) + ": expected an object of strings, got " + kind(value));
    }
    value.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isTextual()) {
        throw new SnapshotFormatException(key(path(field), entry.getKey()) + ": expected a string, got "
            + kind(entry.getValue()));
      }
      map.put(entry.getKey(), entry.getValue().asText());
    });
    return map;
  }

  /** A resource list: quantities as strings ({@code "250m"}) or plain numbers ({@code 110}). */
  Map<String, Quantity> quantities(String field) {
    JsonNode value = value(field);
    Map<String, Quantity> map = new LinkedHashMap<>();
    if (value == null) {
      return map;
    }
    if (!value.isObject()) {
      throw new SnapshotFormatException(path(field) + ": expected an object of quantities, got " + kind(value));
    }
    value.fields().forEachRemaining(entry -> {
      String entryPath = key(path(field), entry.getKey());
      JsonNode quantity = entry.getValue();
      if (!quantity.isTextual() && !quantity.isNumber()) {
        throw new SnapshotFormatException(entryPath + ": expected a quantity such as \"250m\" or \"8Gi\", got "
            + kind(quantity));
      }
      try {
        map.put(entry.getKey(), Quantity.parse(entryPath, quantity.asText()));
      } catch (IllegalArgumentException e) {
        throw new SnapshotFormatException(e.getMessage());
      }
    });
    return map;
  }

  <T> List<T> list(String field, BiFunction<JsonNode, String, T> element) {
    JsonNode value = value(field);
    List<T> list = new ArrayList<>();
    if (value == null) {
      return list;
    }
    if (!value.isArray()) {
      throw new SnapshotFormatException(path(field) + ": expected an array, got " + kind(value));
    }
    for (int i = 0; i < value.size(); i++) {
      list.add(element.apply(value.get(i), path(field) + "[" + i + "]"));
    }
    return list;
  }

  JsonNode raw(String field) {
    return value(field);
  }

  static String textElement(JsonNode node, String path) {
    if (node == null || !node.isTextual()) {
      throw new SnapshotFormatException(path + ": expected a string, got " + kind(node));
    }
    return node.asText();
  }

  static int intElement(JsonNode node, String path) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new SnapshotFormatException(path + ": expected a whole number, got " + kind(node));
    }
    return node.asInt();
  }

  /** The path of a key the file chose (a label, a misspelt field): escaped and cut, as it is quoted back. */
  static String key(String path, String key) {
    return child(path, SafeText.quote(key, QUOTE_LIMIT));
  }

  private static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String kind(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "string \"" + SafeText.quote(node.asText(), QUOTE_LIMIT) + "\"";
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + SafeText.quote(node.asText(), QUOTE_LIMIT);
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
