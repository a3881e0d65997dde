package io.spotkube.runtime.observability;

/** One metric family that can write itself in the Prometheus text format (version 0.0.4). */
interface Metric {

  String name();

  void writeTo(StringBuilder out);

  /** The exposition format's {@code # HELP} and {@code # TYPE} lines of a metric. */
  static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  static String escape(String labelValue) {
    return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String labels(java.util.List<String> names, java.util.List<String> values) {
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      out.append(i == 0 ? "" : ",").append(names.get(i)).append("=\"").append(escape(values.get(i))).append('"');
    }
    return out.append('}').toString();
  }
}
