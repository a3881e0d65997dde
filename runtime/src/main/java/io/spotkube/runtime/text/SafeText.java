package io.spotkube.runtime.text;

/**
 * Text from outside (a queue message body, a snapshot file) made fit for one log or error line:
 * control characters, line and paragraph separators and invisible format characters (such as a
 * right-to-left override) become visible escapes, so a hostile value can neither forge a second
 * log line nor hide what it says; and it is cut to a length, since hostile values are huge.
 */
public final class SafeText {

  private SafeText() {
  }

  /** {@code value} escaped and cut to at most {@code limit} characters of the original (then "..."). */
  public static String quote(String value, int limit) {
    if (value == null) {
      return "null";
    }
    boolean cut = value.length() > limit;
    String kept = cut ? value.substring(0, limit) : value;
    StringBuilder out = null;
    for (int i = 0; i < kept.length(); i++) {
      char c = kept.charAt(i);
      String escape = escape(c);
      if (escape != null && out == null) {
        out = new StringBuilder(kept.length() + 16).append(kept, 0, i);
      }
      if (out != null) {
        if (escape != null) {
          out.append(escape);
        } else {
          out.append(c);
        }
      }
    }
    String safe = out == null ? kept : out.toString();
    return cut ? safe + "..." : safe;
  }

  /** {@code value} escaped, whole: for values already bounded (ids, names checked elsewhere). */
  public static String escape(String value) {
    return quote(value, Integer.MAX_VALUE);
  }

  private static String escape(char c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        break;
    }
    int type = Character.getType(c);
    if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
