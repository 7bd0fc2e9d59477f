package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.SyncState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flushes of one product may run side by side and end in any order: a figure from an older read of
 * the availability never replaces, follows or undoes one from a newer read.
 */
class WriteBufferTest {
  private static final String ITEM = "gid://shopify/InventoryItem/1";
  private static final String LOCATION = "gid://shopify/Location/1";

  private final WriteBuffer buffer = new WriteBuffer();

  @Test
  void an_older_figure_does_not_replace_a_newer_one_waiting() {
    ProductWrite newer = owner();
    ProductWrite older = owner();
    buffer.add(newer, List.of(change(30)), null, 5L, Map.of(), 200, 0);

    assertThat(buffer.add(older, List.of(change(29)), null, 5L, Map.of(), 100, 0)).isEmpty();

    List<WriteBuffer.Buffered> taken = buffer.take(250, false);
    assertThat(taken).hasSize(1);
    assertThat(taken.get(0).change.quantity()).isEqualTo(30);
    assertThat(taken.get(0).owners).containsExactly(newer, older);
  }

  @Test
  void a_newer_figure_replaces_an_older_one_waiting() {
    buffer.add(owner(), List.of(change(29)), null, 5L, Map.of(), 100, 0);
    buffer.add(owner(), List.of(change(30)), null, 5L, Map.of(), 200, 0);

    assertThat(buffer.take(250, false).get(0).change.quantity()).isEqualTo(30);
  }

  @Test
  void an_older_figure_is_not_written_after_a_newer_one_being_or_already_written() {
    buffer.add(owner(), List.of(change(30)), null, 5L, Map.of(), 200, 0);
    List<WriteBuffer.Buffered> inFlight = buffer.take(250, false);

    assertThat(buffer.add(owner(), List.of(change(29)), null, 5L, Map.of(), 100, 0))
        .containsOnlyKeys(change(29));
    assertThat(buffer.size()).isZero();

    buffer.done(inFlight, List.of(new PushedLevel("s", ITEM, LOCATION, 30)), "ref", 10);
    assertThat(buffer.add(owner(), List.of(change(28)), null, 5L, Map.of(), 150, 20))
        .containsEntry(change(28), "ref");
    assertThat(buffer.size()).isZero();
    // A figure read after it is written.
    assertThat(buffer.add(owner(), List.of(change(31)), null, 5L, Map.of(), 300, 20)).isEmpty();
    assertThat(buffer.size()).isEqualTo(1);
  }

  /**
   * The race seen on PostgreSQL: a flush that read the availability as Brightpearl allocated an
   * order (and so held the order back twice) planned more slowly than the flush of the order's
   * re-push, which read later and found the level right; the older figure came last and left the
   * store a unit low.
   */
  @Test
  void an_older_figure_is_not_written_after_a_newer_plan_found_the_level_unchanged() {
    String key = SyncState.levelKey(ITEM, LOCATION);
    // The newer read's plan: nothing under way, the level as it should be, nothing written.
    assertThat(buffer.planning(List.of(key), 200, 10)).isEmpty();

    // The older read's plan arrives after it: settled as superseded, not buffered.
    assertThat(buffer.add(owner(), List.of(change(29)), null, 5L, Map.of(), 100, 5))
        .containsEntry(change(29), "superseded by a newer figure");
    assertThat(buffer.size()).isZero();

    // A figure of the newer read (or a later one) is written.
    assertThat(buffer.add(owner(), List.of(change(30)), null, 5L, Map.of(), 200, 10)).isEmpty();
    assertThat(buffer.size()).isEqualTo(1);
  }

  @Test
  void a_plan_is_told_of_the_writes_of_its_levels_buffered_or_in_flight() {
    String key = SyncState.levelKey(ITEM, LOCATION);
    buffer.add(owner(), List.of(change(29)), null, 5L, Map.of(), 100, 0);
    assertThat(buffer.planning(List.of(key), 200, 10)).containsExactly(key);

    List<WriteBuffer.Buffered> inFlight = buffer.take(250, false);
    assertThat(buffer.planning(List.of(key), 300, 20)).containsExactly(key);

    buffer.done(inFlight, List.of(new PushedLevel("s", ITEM, LOCATION, 29)), "ref", 30);
    assertThat(buffer.planning(List.of(key), 400, 40)).isEmpty();
  }

  /**
   * Every write forgot old figures by scanning all it remembered, twice per call and under the
   * buffer's lock: after a burst of 10,000 SKUs that was the largest cost of a store write. Now it
   * forgets from the oldest end; a figure written again counts from its newest write.
   */
  @Test
  void writes_and_plans_are_remembered_a_minute_from_their_newest_record_and_then_forgotten() {
    String other = "gid://shopify/InventoryItem/2";
    String otherKey = SyncState.levelKey(other, LOCATION);
    buffer.add(owner(), List.of(change(30)), null, 5L, Map.of(), 100, 0);
    buffer.done(buffer.take(250, false), List.of(new PushedLevel("s", ITEM, LOCATION, 30)), "a", 0);
    buffer.planning(List.of(otherKey), 100, 1_000);
    // ITEM written again at 30 s: remembered from then, behind the other item's plan.
    buffer.add(owner(), List.of(change(31)), null, 5L, Map.of(), 200, 30_000);
    buffer.done(
        buffer.take(250, false), List.of(new PushedLevel("s", ITEM, LOCATION, 31)), "b", 30_000);
    assertThat(buffer.remembered()).isEqualTo(2);

    // At 61 s the other item's plan (1 s) is forgotten, ITEM's write of 30 s is not.
    buffer.planning(List.of(), 0, 61_001);
    assertThat(buffer.remembered()).isEqualTo(1);
    assertThat(buffer.add(owner(), List.of(change(29)), null, 5L, Map.of(), 150, 61_001))
        .containsEntry(change(29), "b");

    // After 90 s nothing is remembered: an older read is written again.
    buffer.planning(List.of(), 0, 90_001);
    assertThat(buffer.remembered()).isZero();
    assertThat(buffer.add(owner(), List.of(change(29)), null, 5L, Map.of(), 150, 90_001)).isEmpty();
  }

  private static QuantityChange change(int quantity) {
    return new QuantityChange(ITEM, LOCATION, quantity, null);
  }

  private static ProductWrite owner() {
    return new ProductWrite("s", new Coalescer.Pending(1, 0, 0), "SKU-1", 1);
  }
}
