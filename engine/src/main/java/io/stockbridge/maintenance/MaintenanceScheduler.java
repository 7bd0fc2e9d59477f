package io.stockbridge.maintenance;

import io.stockbridge.cluster.LeaderLeases;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs small maintenance units on a schedule. Leader-only units run on the node that holds their
 * lease in the database; the others run on every node. Thread-safe.
 */
public final class MaintenanceScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceScheduler.class);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("maintenance").daemon().factory());
  private final LeaderLeases leases;
  private final String node;
  private final Clock clock;

  public MaintenanceScheduler(LeaderLeases leases, String node, Clock clock) {
    this.leases = leases;
    this.node = node;
    this.clock = clock;
  }

  /** Runs {@code unit} every {@code period} on every node. */
  public void everyNode(String name, Duration period, Runnable unit) {
    executor.scheduleWithFixedDelay(
        () -> safely(name, unit), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code unit} every {@code period} on the one node holding lease {@code name}. */
  public void leaderOnly(String name, Duration period, Runnable unit) {
    Runnable ifLeader =
        () -> {
          long now = clock.millis();
          if (leases.tryAcquire(name, node, now, now + period.toMillis() * 2)) {
            unit.run();
          }
        };
    executor.scheduleWithFixedDelay(
        () -> safely(name, ifLeader), 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void safely(String name, Runnable unit) {
    try {
      unit.run();
    } catch (RuntimeException e) {
      LOG.warn("maintenance {} failed: {}", name, e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
