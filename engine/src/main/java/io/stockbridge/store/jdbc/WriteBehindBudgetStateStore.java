package io.stockbridge.store.jdbc;

import io.stockbridge.ratelimit.BudgetStateStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Budget states of a database that serves one node (SQLite): this process is the only one that
 * spends the budgets, so their states live in memory, each read from the database on first use and
 * written back at most once every {@value #WRITE_BACK_MILLIS} ms and on {@link #flush}. Every API
 * call updates its budget twice (reserved, answered), and in the database each update was a write
 * transaction queued behind the claims and settlements on SQLite's one writer: during a burst's
 * drain that made a 150 ms Brightpearl read take up to 475 ms. A restarted node resumes from a
 * state at most that old, and the API's next answer (Brightpearl's remaining requests, Shopify's
 * throttle status) replaces it. Thread-safe.
 */
final class WriteBehindBudgetStateStore implements BudgetStateStore {
  /** How often a budget's state is written back while it changes. */
  static final long WRITE_BACK_MILLIS = 1000;

  private final JdbcBudgetStateStore durable;
  private final Clock clock;

  /** By budget name; guarded by {@code this}. */
  private final Map<String, Entry> entries = new HashMap<>();

  /** Held while writing back, so two writes of one budget never land out of order. */
  private final ReentrantLock writing = new ReentrantLock();

  private static final class Entry {
    String state;

    /** Changes made in memory, and how many of them the database has. */
    long version;

    long writtenVersion;
    long writtenAt;

    Entry(String state, long now) {
      this.state = state;
      this.writtenAt = now;
    }
  }

  WriteBehindBudgetStateStore(JdbcBudgetStateStore durable, Clock clock) {
    this.durable = durable;
    this.clock = clock;
  }

  @Override
  public <T> T update(String budget, BudgetUpdater<T> updater) {
    Decision<T> decision;
    boolean due;
    synchronized (this) {
      Entry entry = entries.get(budget);
      if (entry == null) {
        entry = new Entry(durable.update(budget, current -> new Decision<>(null, current)), now());
        entries.put(budget, entry);
      }
      decision = updater.apply(entry.state);
      if (decision.newState() != null && !decision.newState().equals(entry.state)) {
        entry.state = decision.newState();
        entry.version++;
      }
      due = entry.version != entry.writtenVersion && now() - entry.writtenAt >= WRITE_BACK_MILLIS;
    }
    if (due && writing.tryLock()) {
      // Another thread writing back now leaves this change for the next update or the flush.
      try {
        writeBack(budget);
      } finally {
        writing.unlock();
      }
    }
    return decision.result();
  }

  /** Writes every budget changed since its last write back (before the database closes). */
  void flush() {
    List<String> names;
    synchronized (this) {
      names = List.copyOf(entries.keySet());
    }
    writing.lock();
    try {
      names.forEach(this::writeBack);
    } finally {
      writing.unlock();
    }
  }

  /** With {@link #writing} held. */
  private void writeBack(String budget) {
    String state;
    long version;
    synchronized (this) {
      Entry entry = entries.get(budget);
      if (entry == null || entry.version == entry.writtenVersion) {
        return;
      }
      state = entry.state;
      version = entry.version;
    }
    durable.update(budget, current -> new Decision<>(state, null));
    synchronized (this) {
      Entry entry = entries.get(budget);
      entry.writtenVersion = version;
      entry.writtenAt = now();
    }
  }

  private long now() {
    return clock.millis();
  }
}
