package io.stockbridge.flow.stock;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * No oversell for the sales a store made that we have not heard of yet: per level of one store that
 * runs the order flow, what our last write left there ({@code written}), how many units Shopify had
 * taken off on its own whose orders were not received then ({@code unseen}) and the store's units
 * ever received on the SKU at that write ({@code received}, {@link HeldBack.Reservations}).
 *
 * <p>Every write after the first is a compare-and-swap against {@code written}. When the store
 * holds another figure, the difference is the store's own movement: its sales (and restocks) since
 * our write. The units received since then are sales we now hold back as orders, so the sales not
 * yet heard of are {@code unseen - (current - written) - (receivedNow - received)} (never below 0),
 * and the level written is the planned figure less them. Each sale is released exactly once: when
 * its webhook is stored the counter of received units grows by its units, and from then on it is
 * held back as an order (or included in Brightpearl's figure). Units unseen for longer than {@link
 * #HOLD} are given up (a fall that was no sale: a merchant's edit), so a level is never held low
 * for ever. Kept in memory: after a restart, or for a level another node wrote last, the first
 * write compares with the level last recorded and, if the store moved, holds back the store's own
 * fall since then as far as it leaves the store below the plan ({@code ShopifyStockWrites}); a
 * level never written nor recorded gets the plan's figure. Thread-safe.
 */
final class UnseenSales {
  /** How long units of the store's own decrease wait for their orders before they are given up. */
  static final Duration HOLD = Duration.ofMinutes(2);

  /** What our last write left on one level; {@code since} is when its unseen units were first. */
  record Basis(int written, int unseen, long received, long since) {}

  private final Map<String, Basis> bases = new ConcurrentHashMap<>();

  Basis basis(String key) {
    return bases.get(key);
  }

  /**
   * The sales not yet heard of on a level whose last write was {@code basis}, when the store holds
   * {@code current} and {@code receivedNow} units have been received in all.
   */
  static int unseen(Basis basis, int current, long receivedNow, long now) {
    long before = now - basis.since() > HOLD.toMillis() ? 0 : basis.unseen();
    long heardOf = Math.max(0, receivedNow - basis.received());
    long movedByStore = (long) current - basis.written();
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, before - movedByStore - heardOf));
  }

  /**
   * The sales not yet heard of on a level with no write of ours known but {@code recorded} as its
   * last level (our write before a restart, or reconciliation's reading), when the store holds
   * {@code current} and the plan says {@code target}: the store's own fall since the record, as far
   * as it leaves the store below the plan.
   */
  static int unseenSinceRecorded(int recorded, int current, int target) {
    return Math.max(0, Math.min(target - current, recorded - current));
  }

  /**
   * What the store should hold on a level whose last write was {@code basis}, once Shopify took off
   * the sales received since that are not among the units then unseen (those were already off): the
   * figure the plan compares with, and the write's {@code changeFromQuantity}.
   */
  static int expected(Basis basis, long receivedNow, long now) {
    long before = now - basis.since() > HOLD.toMillis() ? 0 : basis.unseen();
    long heardOf = Math.max(0, receivedNow - basis.received());
    return (int) Math.max(0, basis.written() - Math.max(0, heardOf - before));
  }

  /** Plan time, by level key: {@link #expected} of those of {@code skuByKey} with a basis. */
  Map<String, Integer> expectedByKey(
      Map<String, String> skuByKey, Map<String, Long> receivedUnits, long now) {
    Map<String, Integer> expected = new HashMap<>();
    skuByKey.forEach(
        (key, sku) -> {
          Basis basis = bases.get(key);
          if (basis != null) {
            expected.put(key, expected(basis, receivedUnits.getOrDefault(sku, 0L), now));
          }
        });
    return expected;
  }

  /**
   * Plan time, by level key: the unseen units of {@code keys} assuming the store did not move since
   * our last write (the write finds out).
   */
  Map<String, Integer> unseenByKey(
      Map<String, String> skuByKey, Map<String, Long> receivedUnits, long now) {
    Map<String, Integer> unseen = new HashMap<>();
    skuByKey.forEach(
        (key, sku) -> {
          Basis basis = bases.get(key);
          if (basis != null) {
            int units = unseen(basis, basis.written(), receivedUnits.getOrDefault(sku, 0L), now);
            if (units > 0) {
              unseen.put(key, units);
            }
          }
        });
    return unseen;
  }

  /** Records a write applied with {@code unseen} units held back; null received forgets it. */
  void written(String key, int quantity, int unseen, Long received, long now) {
    if (received == null) {
      bases.remove(key);
      return;
    }
    bases.compute(
        key,
        (k, previous) -> {
          long since =
              unseen == 0
                  ? 0
                  : previous != null
                          && previous.unseen() > 0
                          && now - previous.since() <= HOLD.toMillis()
                      ? previous.since()
                      : now;
          return new Basis(quantity, unseen, received, since);
        });
  }

  /** Forgets the levels of {@code keys}. */
  void forget(Collection<String> keys) {
    keys.forEach(bases::remove);
  }
}
