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
 * written back by a daemon thread once it has changed and {@value #WRITE_BACK_MILLIS} ms have
 * passed since its last write (so the dashboard's and the metrics' reads of the rows lag by about a
 * second), and on {@link #close}; an API call never waits for the database. Every API call updates
 * its budget twice (reserved, answered), and in the database each update was a write transaction
 * queued behind the claims and settlements on SQLite's one writer: during a burst's drain that made
 * a 150 ms Brightpearl read take up to 475 ms. A restarted node resumes from a state at most that
 * old, and the API's next answer (Brightpearl's remaining requests, Shopify's throttle status)
 * replaces it. Thread-safe.
 */
final class WriteBehindBudgetStateStore implements BudgetStateStore, AutoCloseable {
  /** How often a budget's state is written back while it changes. */
  static final long WRITE_BACK_MILLIS = 1000;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(WriteBehindBudgetStateStore.class);

  private final JdbcBudgetStateStore durable;
  private final Clock clock;

  /** By budget name; guarded by {@code this}. */
  private final Map<String, Entry> entries = new HashMap<>();

  /** Held while writing back (the thread, or close), so two writes never land out of order. */
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

  /** Writes back what changed and is due, every second; started on the first update. */
  private Thread writer;

  private boolean closed;

  WriteBehindBudgetStateStore(JdbcBudgetStateStore durable, Clock clock) {
    this.durable = durable;
    this.clock = clock;
  }

  @Override
  public <T> T update(String budget, BudgetUpdater<T> updater) {
    Decision<T> decision;
    synchronized (this) {
      Entry entry = entries.get(budget);
      if (entry == null) {
        entry = new Entry(durable.update(budget, current -> new Decision<>(null, current)), now());
        entries.put(budget, entry);
        if (writer == null && !closed) {
          writer =
              Thread.ofPlatform()
                  .name("budget-write-back")
                  .daemon()
                  .start(this::writeBackWhileOpen);
        }
      }
      decision = updater.apply(entry.state);
      if (decision.newState() != null && !decision.newState().equals(entry.state)) {
        entry.state = decision.newState();
        entry.version++;
      }
    }
    return decision.result();
  }

  /** Stops the write-back thread and writes every budget changed since its last write back. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = writer;
    }
    if (running != null) {
      running.interrupt();
    }
    writeBackAll(false);
  }

  private void writeBackWhileOpen() {
    while (true) {
      try {
        Thread.sleep(WRITE_BACK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (closed) {
          return;
        }
      }
      try {
        writeBackAll(true);
      } catch (RuntimeException e) {
        // The next round tries again; the states in memory are the ones in force.
        LOG.warn("writing the API budgets back failed: {}", e.toString());
      }
    }
  }

  /** Writes back the budgets that changed ({@code dueOnly}: and whose last write is old enough). */
  private void writeBackAll(boolean dueOnly) {
    List<String> names = new java.util.ArrayList<>();
    synchronized (this) {
      entries.forEach(
          (name, entry) -> {
            if (entry.version != entry.writtenVersion
                && (!dueOnly || now() - entry.writtenAt >= WRITE_BACK_MILLIS)) {
              names.add(name);
            }
          });
    }
    if (names.isEmpty()) {
      return;
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
