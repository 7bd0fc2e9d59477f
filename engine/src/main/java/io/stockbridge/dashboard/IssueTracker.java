package io.stockbridge.dashboard;

import io.stockbridge.queue.WorkQueue;
import io.stockbridge.store.DashboardReads;
import io.stockbridge.store.Issue;
import io.stockbridge.store.IssueStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Groups failing work items (retrying or dead) by cause into issues: flow, store, error type and
 * {@link MessageShape}. Each look records what it saw in the {@link IssueStore} (first and last
 * seen, occurrences, reopening a resolved issue that failed again), so an issue outlives its
 * failures. At most {@value #SCAN_LIMIT} of the newest failing items are looked at. Thread-safe.
 */
public final class IssueTracker {
  static final int SCAN_LIMIT = 10_000;

  private final DashboardReads reads;
  private final IssueStore issues;
  private final WorkQueue queue;
  private final Clock clock;

  public IssueTracker(DashboardReads reads, IssueStore issues, WorkQueue queue, Clock clock) {
    this.reads = reads;
    this.issues = issues;
    this.queue = queue;
    this.clock = clock;
  }

  /** An issue with the failures that belong to it now. */
  public record Current(Issue issue, List<DashboardReads.FailingItem> failing) {
    public Set<Long> affectedEvents() {
      Set<Long> ids = new LinkedHashSet<>();
      for (DashboardReads.FailingItem item : failing) {
        if (item.eventId() != null) {
          ids.add(item.eventId());
        }
      }
      return ids;
    }
  }

  /** Records what is failing now, then lists the newest {@code limit} issues. */
  public List<Current> list(int limit) {
    Map<String, List<DashboardReads.FailingItem>> groups = refresh();
    List<Current> current = new ArrayList<>();
    for (Issue issue : issues.list(limit)) {
      current.add(new Current(issue, groups.getOrDefault(issue.fingerprint(), List.of())));
    }
    return current;
  }

  public Optional<Current> find(String fingerprint) {
    Map<String, List<DashboardReads.FailingItem>> groups = refresh();
    return issues
        .find(fingerprint)
        .map(issue -> new Current(issue, groups.getOrDefault(fingerprint, List.of())));
  }

  /**
   * Sends an issue's dead items back to the queue (its retrying items are on their way already);
   * returns how many were redriven.
   */
  public int redrive(Current issue, String by) {
    List<Long> dead =
        issue.failing().stream()
            .filter(i -> i.state().equals("dead"))
            .map(i -> i.itemId())
            .toList();
    return dead.isEmpty() ? 0 : queue.redrive(dead, null, by, clock.millis());
  }

  private Map<String, List<DashboardReads.FailingItem>> refresh() {
    Map<String, List<DashboardReads.FailingItem>> groups = new LinkedHashMap<>();
    Map<String, String> shapes = new LinkedHashMap<>();
    for (DashboardReads.FailingItem item : reads.failingItems(SCAN_LIMIT)) {
      String shape = MessageShape.of(item.lastError());
      String fingerprint =
          MessageShape.fingerprint(item.flow(), item.store(), item.errorType(), shape);
      groups.computeIfAbsent(fingerprint, f -> new ArrayList<>()).add(item);
      shapes.putIfAbsent(fingerprint, shape);
    }
    List<IssueStore.Sighting> sightings = new ArrayList<>();
    groups.forEach(
        (fingerprint, items) -> {
          DashboardReads.FailingItem newest = items.get(0);
          List<Long> times = items.stream().map(DashboardReads.FailingItem::updatedAt).toList();
          sightings.add(
              new IssueStore.Sighting(
                  fingerprint,
                  newest.flow(),
                  newest.store(),
                  newest.errorType(),
                  shapes.get(fingerprint),
                  newest.lastError(),
                  times.stream().mapToLong(Long::longValue).min().orElseThrow(),
                  newest.updatedAt(),
                  times));
        });
    issues.record(sightings, clock.millis());
    return groups;
  }
}
