package io.spotkube.test.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} arguments of the benchmark mains; a repeated name keeps every value. */
final class Args {

  private final Map<String, List<String>> values = new LinkedHashMap<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
      }
      values.computeIfAbsent(args[i], unused -> new ArrayList<>()).add(args[++i]);
    }
  }

  String text(String name, String defaultValue) {
    List<String> given = values.get(name);
    return given == null ? defaultValue : given.get(given.size() - 1);
  }

  String required(String name) {
    String value = text(name, null);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  int integer(String name, int defaultValue) {
    return Integer.parseInt(text(name, Integer.toString(defaultValue)));
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }
}
