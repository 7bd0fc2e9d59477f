package io.stockbridge.config;

import java.time.Duration;

/**
 * How one store's bulk operations are run. Immutable.
 *
 * @param concurrency operations of one kind (query or mutation) this connector runs at once for the
 *     shop; Shopify allows 5 of each since API 2026-01 (1 before). More are queued here; a {@code
 *     LIMIT_REACHED} from Shopify (other nodes or apps) is waited out as well
 * @param startWait the longest wait for a free slot before {@code
 *     connector.shopify.BulkOperationException.Kind.BUSY}
 * @param pollFloor the least time a started operation is given to finish
 * @param pollCeiling the most time a started operation is given, however large
 * @param objectsPerSecond the slowest processing rate assumed: an operation expected to yield N
 *     objects is given {@code pollFloor + N / objectsPerSecond}, at most {@code pollCeiling}
 */
public record BulkSettings(
    int concurrency,
    Duration startWait,
    Duration pollFloor,
    Duration pollCeiling,
    int objectsPerSecond) {
  /** Shopify's limit per shop and kind since API version 2026-01. */
  public static final int SHOPIFY_CONCURRENCY = 5;

  public static final Duration DEFAULT_START_WAIT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_POLL_FLOOR = Duration.ofMinutes(2);
  public static final Duration DEFAULT_POLL_CEILING = Duration.ofHours(2);
  public static final int DEFAULT_OBJECTS_PER_SECOND = 200;

  public static final BulkSettings DEFAULTS =
      new BulkSettings(
          SHOPIFY_CONCURRENCY,
          DEFAULT_START_WAIT,
          DEFAULT_POLL_FLOOR,
          DEFAULT_POLL_CEILING,
          DEFAULT_OBJECTS_PER_SECOND);

  public BulkSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (startWait.isNegative()) {
      throw new IllegalArgumentException("startWait must not be negative");
    }
    if (pollFloor.isNegative() || pollFloor.isZero() || pollCeiling.compareTo(pollFloor) < 0) {
      throw new IllegalArgumentException("must satisfy 0 < pollFloor <= pollCeiling");
    }
    if (objectsPerSecond < 1) {
      throw new IllegalArgumentException(
          "objectsPerSecond must be at least 1, got " + objectsPerSecond);
    }
  }

  /** The concurrency Shopify allows for {@code apiVersion}: 5 from 2026-01, 1 before. */
  public static int shopifyConcurrency(String apiVersion) {
    return apiVersion.equals("unstable") || apiVersion.compareTo("2026-01") >= 0
        ? SHOPIFY_CONCURRENCY
        : 1;
  }

  /** How long an operation expected to yield {@code expectedObjects} objects may run. */
  public Duration deadlineFor(long expectedObjects) {
    Duration proportional = pollFloor.plusSeconds(Math.max(0, expectedObjects) / objectsPerSecond);
    return proportional.compareTo(pollCeiling) > 0 ? pollCeiling : proportional;
  }

  public BulkSettings withConcurrency(int operations) {
    return new BulkSettings(operations, startWait, pollFloor, pollCeiling, objectsPerSecond);
  }

  public BulkSettings withStartWait(Duration wait) {
    return new BulkSettings(concurrency, wait, pollFloor, pollCeiling, objectsPerSecond);
  }

  public BulkSettings withDeadline(Duration floor, Duration ceiling, int objectsPerSec) {
    return new BulkSettings(concurrency, startWait, floor, ceiling, objectsPerSec);
  }
}
