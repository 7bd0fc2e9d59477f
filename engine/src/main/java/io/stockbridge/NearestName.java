package io.stockbridge;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name a misspelt one was most likely meant to be (edit distance, at most a third
 * of the name's length and never more than 3), for "did you mean" hints in 400s and configuration
 * errors.
 */
public final class NearestName {
  private NearestName() {}

  /** The closest of {@code known} to {@code given}, if any is close enough to suggest. */
  public static Optional<String> of(String given, Collection<String> known) {
    if (given.length() > 64) {
      return Optional.empty();
    }
    String wanted = given.toLowerCase(Locale.ROOT);
    int allowed = Math.min(3, Math.max(1, wanted.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(wanted, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** "unknown field 'x'; did you mean 'y'?" or "unknown field 'x'; known fields: a, b". */
  public static String unknownField(String given, Collection<String> known) {
    String shown = given.length() > 64 ? given.substring(0, 64) + "..." : given;
    return of(given, known)
        .map(name -> "unknown field '" + shown + "'; did you mean '" + name + "'?")
        .orElse("unknown field '" + shown + "'; known fields: " + String.join(", ", known));
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
