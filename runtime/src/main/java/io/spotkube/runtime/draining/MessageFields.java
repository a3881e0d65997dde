package io.spotkube.runtime.draining;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotkube.runtime.text.SafeText;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Typed reads of message fields; every failure names the field (dotted path) it is about. */
final class MessageFields {

  private static final DateTimeFormatter RFC_1123_WITHOUT_WEEKDAY =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss z", Locale.US);
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
  /** Longest value quoted back in an error message: hostile bodies carry huge strings. */
  private static final int QUOTE_LIMIT = 40;

  private MessageFields() {
  }

  /** The object at {@code name}, or an error naming it. */
  static JsonNode object(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidMessageException(join(path, name) + " is missing");
    }
    if (!node.isObject()) {
      throw new InvalidMessageException(join(path, name) + " is not an object");
    }
    return node;
  }

  /** The text at {@code name}, or an error naming it. */
  static String text(JsonNode parent, String path, String name) {
    return optionalText(parent, path, name)
        .orElseThrow(() -> new InvalidMessageException(join(path, name) + " is missing"));
  }

  /** The text at {@code name} when present; an error when present with another type. */
  static Optional<String> optionalText(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new InvalidMessageException(join(path, name) + " is not a string");
    }
    return Optional.of(node.textValue());
  }

  /** An EC2 instance id at {@code name}, checked for shape ({@code i-} and 8 or 17 hex digits). */
  static String instanceId(JsonNode parent, String path, String name) {
    String value = text(parent, path, name);
    if (!isInstanceId(value)) {
      throw new InvalidMessageException(join(path, name) + " '" + quote(value) + "' is not an EC2 instance id");
    }
    return value;
  }

  static boolean isInstanceId(String value) {
    return value.length() <= 19 && INSTANCE_ID.matcher(value).matches();
  }

  /**
   * A time at {@code name}: ISO-8601 as EventBridge and Auto Scaling write it, or RFC 1123 as the AWS
   * Health {@code startTime} ("Sat, 05 Jun 2016 15:10:09 GMT"). Absent is fine; unreadable is an error.
   */
  static Instant optionalTime(JsonNode parent, String path, String name) {
    Optional<String> text = optionalText(parent, path, name);
    if (text.isEmpty()) {
      return null;
    }
    String value = text.get().strip();
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notIso) {
      try {
        // The day-of-week is dropped, not checked: AWS's own samples carry inconsistent ones
        // ("Sat, 05 Jun 2016" was a Sunday), and the date is what matters.
        return RFC_1123_WITHOUT_WEEKDAY.parse(value.replaceFirst("^[A-Za-z]{3},\\s*", ""), Instant::from);
      } catch (DateTimeParseException notRfc1123) {
        throw new InvalidMessageException(join(path, name) + " '" + quote(value) + "' is not a time");
      }
    }
  }

  /** The strings of an array (or a single string) at {@code name}; absent gives an empty list. */
  static List<String> texts(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (node.isTextual()) {
      values.add(node.textValue());
      return values;
    }
    if (!node.isArray()) {
      throw new InvalidMessageException(join(path, name) + " is not a list");
    }
    for (JsonNode element : node) {
      if (element.isTextual()) {
        values.add(element.textValue());
      }
    }
    return values;
  }

  static String quote(String value) {
    return quote(value, QUOTE_LIMIT);
  }

  /** Cut to {@code limit} and escaped: error texts are logged, and bodies may carry control characters. */
  static String quote(String value, int limit) {
    return SafeText.quote(value, limit);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
