package io.stockbridge.fanout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fan-out tables: the change outbox, deliveries, their attempts and the subscribers' operator
 * state. Implementations are thread-safe.
 */
public interface DeliveryStore {
  /**
   * Takes up to {@code limit} outbox rows (oldest first), adds one pending delivery per subscriber
   * whose filter matches, due now, and deletes the rows, in one transaction; returns how many rows
   * were taken (0: the outbox is empty).
   */
  int route(List<SubscriberFilter> subscribers, int limit, long now);

  /**
   * Pending deliveries of {@code subscriber} due at {@code now}, oldest first; with {@code perKey}
   * only those with no older pending delivery of the same key (several of one key may come, in
   * order: the sender stops a key at its first failure).
   */
  default List<Delivery> due(String subscriber, boolean perKey, int limit, long now) {
    return due(subscriber, perKey, limit, now, Set.of(), Set.of());
  }

  /**
   * As {@link #due(String, boolean, int, long)}, leaving out the deliveries in {@code skipIds} and
   * every delivery of a key in {@code skipKeys} (the rounds still in flight: their deliveries are
   * pending until settled, and with {@code perKey} their keys' later ones must wait for them). The
   * sets are only read, by the calling thread.
   */
  List<Delivery> due(
      String subscriber,
      boolean perKey,
      int limit,
      long now,
      Set<Long> skipIds,
      Set<String> skipKeys);

  /**
   * Records attempts: each success delivers; each failure schedules the next attempt after {@code
   * schedule.get(attempts)}, or makes the delivery dead when the schedule is exhausted. Also sets
   * the subscriber's failing-since (a batch of failures only) or clears it (any success); returns
   * the subscriber's failing-since afterwards.
   */
  Long settle(String subscriber, List<AttemptResult> results, List<Duration> schedule, long now);

  /** Creates the subscriber's state row if missing (all configured subscribers at start). */
  void ensure(String subscriber, long now);

  /** The subscriber's state with its backlog counts; empty when it has no row. */
  Optional<SubscriberState> state(String subscriber);

  /** Paused, failing and disabled only (counts 0): cheap, for the delivery loop. */
  Optional<SubscriberState> flags(String subscriber);

  boolean setPaused(String subscriber, boolean paused, long now);

  /**
   * Disables the subscriber with {@code reason} unless it already is; appends {@code alert.raised}
   * in the same transaction; returns whether this call disabled it.
   */
  boolean disable(String subscriber, String reason, long now);

  /** Enables a disabled subscriber again (its failing-since is cleared); false when it was not. */
  boolean enable(String subscriber, long now);

  /** A subscriber's deliveries newest first, by state (null: any), before an id (null: newest). */
  List<DeliveryView> deliveries(String subscriber, String state, Long beforeId, int limit);

  /** One delivery with its attempts. */
  Optional<DeliveryView> delivery(long id);

  /** Sends one delivery again (pending, due now, attempts back to 0); false when unknown. */
  boolean replay(long deliveryId, long now);

  /**
   * Counts ({@code dryRun}) or sends again the subscriber's deliveries matching {@code filter};
   * returns how many.
   */
  int replay(String subscriber, ReplayFilter filter, boolean dryRun, long now);
}
