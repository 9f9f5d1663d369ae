package io.mdrotator.document;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for a misspelled key: the allowed key nearest by edit distance (case-insensitive
 * Levenshtein), when it is near enough to be a typo — at most 1 edit for keys of up to 4
 * characters, 2 for longer ones — so an unrelated key gets no misleading hint. Ties go to the
 * first candidate in iteration order. Pure.
 */
public final class Suggestions {
  private Suggestions() {}

  public static Optional<String> closest(String typo, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String t = typo.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(t, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = typo.length() <= 4 ? 1 : 2;
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance (insert, delete, substitute each cost 1). */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
