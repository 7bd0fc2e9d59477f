package io.stockbridge.flow.stock;

import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.SyncState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store's levels waiting for a full call. A newer value for a level replaces the older one (both
 * products' items wait for it); a level being written is not taken again until that write is done,
 * so two values of one level are never in flight at once.
 */
final class WriteBuffer {
  /** A level waiting to be written, with every product write that wants it. */
  static final class Buffered {
    QuantityChange change;

    /** The figure before the sales not yet heard of ({@link UnseenSales}) are taken off. */
    int target;

    /** The SKU's units ever received when planned; null: the store's sales are not heard of. */
    Long received;

    /** The level last recorded as pushed when planned (null: none). */
    Integer lastPushed;

    /** When the availability its figure comes from began to be read (epoch ms; 0: unknown). */
    long readAt;

    final List<ProductWrite> owners = new ArrayList<>();
    final long at;

    Buffered(QuantityChange change, long at) {
      this.change = change;
      this.target = change.quantity();
      this.at = at;
    }
  }

  /**
   * How long a written figure is remembered: longer than a flush takes from reading what was pushed
   * to buffering its writes (the window in which that read can miss this write).
   */
  private static final Duration RECENT_WRITES = Duration.ofSeconds(60);

  private final LinkedHashMap<String, Buffered> levels = new LinkedHashMap<>();

  /** Level keys being written, with when the figure written began to be read. */
  private final Map<String, Long> inFlight = new java.util.HashMap<>();

  /** Per level key, the figure last written; oldest first (a key written again moves last). */
  private final LinkedHashMap<String, Written> recentlyWritten = new LinkedHashMap<>();

  private record Written(int quantity, String reference, long at, long readAt) {}

  /**
   * Per level key, the newest availability read a plan of the level was made from ({@code readAt})
   * and when that plan began deciding ({@code at}), whether it wrote or found the level unchanged.
   */
  private final LinkedHashMap<String, Plan> planned = new LinkedHashMap<>();

  private record Plan(long readAt, long at) {}

  /**
   * Buffers {@code owner}'s changes, planned by a flush that began at {@code now} (before it read
   * the pushed levels); returns those whose very figure was written since, which that read could
   * not see, with the write's reference: the caller settles them.
   */
  synchronized Map<QuantityChange, String> add(
      ProductWrite owner, List<QuantityChange> changes, long now) {
    return add(owner, changes, null, null, Map.of(), 0, now);
  }

  /**
   * As {@link #add(ProductWrite, List, long)}, with each change's target figure ({@code targets},
   * null: its quantity), the SKU's units ever received ({@code received}, null: not known; a level
   * with it is always written, its figure re-planned when sent) and the pushed levels the plan
   * read.
   */
  synchronized Map<QuantityChange, String> add(
      ProductWrite owner,
      List<QuantityChange> changes,
      List<Integer> targets,
      Long received,
      Map<String, Integer> pushed,
      long readAt,
      long now) {
    Map<QuantityChange, String> alreadyWritten = new LinkedHashMap<>();
    for (int i = 0; i < changes.size(); i++) {
      QuantityChange change = changes.get(i);
      String key = SyncState.levelKey(change.inventoryItemId(), change.locationId());
      Written last = recentlyWritten.get(key);
      Buffered waiting = levels.get(key);
      if (waiting != null && waiting.readAt > readAt) {
        waiting.owners.add(owner);
        continue;
      }
      Long writing = inFlight.get(key);
      if ((writing != null && writing > readAt) || (last != null && last.readAt > readAt)) {
        alreadyWritten.put(change, last != null ? last.reference : "superseded by a newer figure");
        continue;
      }
      // A plan from a newer read decided this level while this one was on its way (it found the
      // level unchanged, or it writes it): this older figure would undo it.
      Plan newer = planned.get(key);
      if (newer != null && newer.readAt > readAt) {
        alreadyWritten.put(change, "superseded by a newer figure");
        continue;
      }
      // Only a write recorded after this flush began (its read of the pushed levels may have
      // missed it): a correction planned later, from a level recorded as the store shows it,
      // writes again.
      if (received == null
          && last != null
          && last.at >= now
          && last.quantity == change.quantity()
          && !levels.containsKey(key)) {
        alreadyWritten.put(change, last.reference);
        continue;
      }
      Buffered level = levels.get(key);
      if (level == null) {
        level = new Buffered(change, now);
        levels.put(key, level);
      } else {
        level.change = change;
      }
      level.target = targets == null ? change.quantity() : targets.get(i);
      level.received = received;
      level.lastPushed = pushed.get(key);
      level.readAt = readAt;
      level.owners.add(owner);
    }
    return alreadyWritten;
  }

  /** Up to {@code max} levels not in flight; none unless a full call when {@code fullOnly}. */
  synchronized List<Buffered> take(int max, boolean fullOnly) {
    List<Buffered> chunk = new ArrayList<>();
    for (Map.Entry<String, Buffered> entry : levels.entrySet()) {
      if (!inFlight.containsKey(entry.getKey())) {
        chunk.add(entry.getValue());
        if (chunk.size() == max) {
          break;
        }
      }
    }
    if (chunk.isEmpty() || (fullOnly && chunk.size() < max)) {
      return List.of();
    }
    for (Buffered level : chunk) {
      String key = SyncState.levelKey(level.change.inventoryItemId(), level.change.locationId());
      levels.remove(key);
      inFlight.put(key, level.readAt);
    }
    return chunk;
  }

  /**
   * Ends {@code chunk}'s flight, of which {@code applied} were written; returns the levels buffered
   * meanwhile with the very figure just written, taken out of the buffer (their owners are settled
   * by the write that happened, so one figure is never written twice).
   */
  synchronized List<Buffered> done(
      List<Buffered> chunk, List<PushedLevel> applied, String reference, long now) {
    for (Buffered level : chunk) {
      inFlight.remove(
          SyncState.levelKey(level.change.inventoryItemId(), level.change.locationId()));
    }
    forgetOlderThan(now - RECENT_WRITES.toMillis());
    List<Buffered> alreadyWritten = new ArrayList<>();
    Map<String, Long> readAts = new java.util.HashMap<>();
    for (Buffered level : chunk) {
      readAts.put(
          SyncState.levelKey(level.change.inventoryItemId(), level.change.locationId()),
          level.readAt);
    }
    for (PushedLevel written : applied) {
      String key = SyncState.levelKey(written.inventoryItem(), written.locationId());
      recentlyWritten.remove(key);
      recentlyWritten.put(
          key, new Written(written.quantity(), reference, now, readAts.getOrDefault(key, 0L)));
      Buffered waiting = levels.get(key);
      // A level re-planned when sent (its store's sales are heard of) is always sent itself.
      if (waiting != null
          && waiting.received == null
          && waiting.change.quantity() == written.quantity()) {
        levels.remove(key);
        alreadyWritten.add(waiting);
      }
    }
    return alreadyWritten;
  }

  /**
   * A plan made from the availability read at {@code readAt} begins deciding {@code keys} at {@code
   * now}: returns those with a write buffered or in flight (the plan writes them all the same,
   * after it), and from now on a figure of them from an older read is not written. Flushes of one
   * product run side by side and end in any order: without this, a newer plan that found a level
   * unchanged (before an older plan's write was buffered) was followed by the older figure, which
   * nothing corrected (seen on PostgreSQL: an order held back twice by a figure read as Brightpearl
   * allocated it, written after the order's own re-push had found the level right).
   */
  synchronized Set<String> planning(java.util.Collection<String> keys, long readAt, long now) {
    forgetOlderThan(now - RECENT_WRITES.toMillis());
    for (String key : keys) {
      Plan previous = planned.get(key);
      if (previous == null || previous.readAt <= readAt) {
        planned.remove(key);
        planned.put(key, new Plan(readAt, now));
      }
    }
    return writing(keys);
  }

  /** Those of {@code keys} with a write buffered or in flight. */
  synchronized Set<String> writing(java.util.Collection<String> keys) {
    Set<String> writing = new java.util.HashSet<>();
    for (String key : keys) {
      if (levels.containsKey(key) || inFlight.containsKey(key)) {
        writing.add(key);
      }
    }
    return writing;
  }

  /**
   * Forgets the writes and plans recorded before {@code cutoff}. Both maps are kept oldest first,
   * so this looks only at what it forgets and the first entry it keeps: it runs on every write, and
   * a burst leaves tens of thousands of levels remembered. Flushes that began a little apart may
   * record out of order; such an entry is forgotten once those before it are, a little later.
   */
  private void forgetOlderThan(long cutoff) {
    Iterator<Written> writes = recentlyWritten.values().iterator();
    while (writes.hasNext() && writes.next().at < cutoff) {
      writes.remove();
    }
    Iterator<Plan> plans = planned.values().iterator();
    while (plans.hasNext() && plans.next().at < cutoff) {
      plans.remove();
    }
  }

  /** How many written figures and plans are remembered (for tests). */
  synchronized int remembered() {
    return recentlyWritten.size() + planned.size();
  }

  synchronized int size() {
    return levels.size();
  }

  /** Age of the oldest buffered level, or -1 when empty. */
  synchronized long oldestAge(long now) {
    long oldest = Long.MAX_VALUE;
    for (Buffered level : levels.values()) {
      oldest = Math.min(oldest, level.at);
    }
    return oldest == Long.MAX_VALUE ? -1 : now - oldest;
  }
}
