package io.stockbridge.store;

import java.util.List;
import java.util.Optional;

/**
 * Failure issues (table {@code dashboard_issues}): failures grouped by cause, with what was seen
 * and the status an operator gave. Implementations are thread-safe.
 */
public interface IssueStore {
  /**
   * Failures of one cause seen now: {@code newSince} counts the failures later than the issue's
   * {@code last_seen} as stored (all of them for a new issue).
   */
  record Sighting(
      String fingerprint,
      String flow,
      String store,
      String errorType,
      String messageShape,
      String sample,
      long firstSeen,
      long lastSeen,
      List<Long> failureTimes) {}

  /**
   * Adds what was seen: creates new issues (open), extends first/last seen and occurrences, and
   * reopens a resolved issue that failed again after it was resolved. Returns the fingerprints
   * reopened.
   */
  List<String> record(List<Sighting> sightings, long now);

  List<Issue> list(int limit);

  Optional<Issue> find(String fingerprint);

  /** Sets an issue's status; false when there is no such issue. */
  boolean setStatus(String fingerprint, IssueStatus status, String by, long now);
}
