package io.spotkube.runtime.flags;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link FlagTable} as the Markdown table of docs/flags.md, which {@code run --help} prints
 * too: one source, so the page cannot drift from the parser (FlagsPageTest compares them).
 */
public final class FlagDocs {

  private FlagDocs() {
  }

  public static String markdown(FlagTable table) {
    StringBuilder out = new StringBuilder();
    out.append("| flag | environment | type | default | used by | meaning |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (Flag<?> flag : table.flags()) {
      out.append("| ").append(code(flag.names()))
          .append(" | ").append(code(flag.env()))
          .append(" | ").append(flag.type().name()).append(flag.repeatable() ? ", repeatable" : "")
          .append(" | ").append(defaultCell(flag))
          .append(" | ").append(usedBy(flag))
          .append(" | ").append(flag.description())
          .append(" |\n");
    }
    return out.toString();
  }

  private static String code(List<String> names) {
    return names.stream().map(name -> "`" + name + "`").collect(Collectors.joining(", "));
  }

  private static String defaultCell(Flag<?> flag) {
    if (flag.defaultValue() == null) {
      return flag.defaultNote() == null ? "" : "(" + flag.defaultNote() + ")";
    }
    String value = "`" + flag.defaultValue() + "`";
    return flag.defaultNote() == null ? value : value + " (" + flag.defaultNote() + ")";
  }

  private static String usedBy(Flag<?> flag) {
    if (flag.usedBy().isEmpty()) {
      return "none (accepted, no effect here)";
    }
    return flag.usedBy().stream().sorted(Comparator.naturalOrder()).map(UsedBy::label)
        .collect(Collectors.joining(", "));
  }
}
