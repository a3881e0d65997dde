package io.spotkube.catalog;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Suggests known names close to a mistyped one (Levenshtein distance, ties by name). */
public final class NearNames {

  private NearNames() {
  }

  public static List<String> closest(String wanted, Collection<String> known, int limit) {
    return known.stream()
        .sorted(Comparator.<String>comparingInt(candidate -> distance(wanted, candidate))
            .thenComparing(Comparator.naturalOrder()))
        .limit(limit)
        .toList();
  }

  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
