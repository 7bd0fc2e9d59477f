package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No oversell for the sales a store made that we have not heard of: a fall of a level we did not
 * make is held back until the orders' webhooks are stored, each unit released exactly once, a
 * restock or a fall older than the hold never held back.
 */
class UnseenSalesTest {
  private static final String KEY = "gid://shopify/InventoryItem/1|gid://shopify/Location/1";
  private static final long NOW = 1_000_000;

  @Test
  void a_fall_we_did_not_make_is_held_back_until_its_orders_are_received() {
    // We wrote 30 when 5 units had been received; the store now holds 28: two sales unseen.
    UnseenSales.Basis wrote = new UnseenSales.Basis(30, 0, 5, 0);

    assertThat(UnseenSales.unseen(wrote, 28, 5, NOW)).isEqualTo(2);
    // One of the two orders arrived before the write: it is held back as an order, not twice.
    assertThat(UnseenSales.unseen(wrote, 28, 6, NOW)).isEqualTo(1);
    assertThat(UnseenSales.unseen(wrote, 28, 7, NOW)).isZero();
  }

  @Test
  void with_no_write_known_the_stores_fall_since_the_recorded_level_is_held_back_up_to_the_plan() {
    // Recorded 30, the store now 27, the plan 33 (a goods-in): the 3 sold are held back.
    assertThat(UnseenSales.unseenSinceRecorded(30, 27, 33)).isEqualTo(3);
    // The plan itself fell below the record (Brightpearl already counts some): only the gap to it.
    assertThat(UnseenSales.unseenSinceRecorded(30, 27, 28)).isEqualTo(1);
    // The store at or above the plan, or risen since the record: nothing held back.
    assertThat(UnseenSales.unseenSinceRecorded(30, 27, 27)).isZero();
    assertThat(UnseenSales.unseenSinceRecorded(30, 32, 40)).isZero();
  }

  @Test
  void each_unseen_unit_is_released_exactly_once_as_its_order_is_received() {
    UnseenSales sales = new UnseenSales();
    // Written 38 (a target of 40 less the 2 unseen) when 5 units had been received.
    sales.written(KEY, 38, 2, 5L, NOW);
    UnseenSales.Basis basis = sales.basis(KEY);

    // Nothing moved since, no order arrived: both still held back.
    assertThat(UnseenSales.unseen(basis, 38, 5, NOW + 10)).isEqualTo(2);
    // One order stored: one released (it is now held back as an order instead).
    assertThat(UnseenSales.unseen(basis, 38, 6, NOW + 10)).isEqualTo(1);
    sales.written(KEY, 38, 1, 6L, NOW + 10);
    // The second arrives: released; the first is not released a second time.
    assertThat(UnseenSales.unseen(sales.basis(KEY), 38, 7, NOW + 20)).isZero();
    sales.written(KEY, 38, 0, 7L, NOW + 20);
    assertThat(UnseenSales.unseen(sales.basis(KEY), 38, 9, NOW + 30)).isZero();
    // A new sale after our last write is held back in its turn.
    assertThat(UnseenSales.unseen(sales.basis(KEY), 37, 7, NOW + 30)).isEqualTo(1);
  }

  @Test
  void a_rise_on_the_store_is_no_sale_and_never_holds_back_units() {
    UnseenSales.Basis wrote = new UnseenSales.Basis(30, 0, 5, 0);

    assertThat(UnseenSales.unseen(wrote, 33, 5, NOW)).isZero();
    // The movement is net: a rise as large as the units unseen leaves none held back.
    assertThat(UnseenSales.unseen(new UnseenSales.Basis(30, 2, 5, NOW), 32, 5, NOW)).isZero();
  }

  @Test
  void units_unseen_for_longer_than_the_hold_are_given_up_but_a_new_fall_is_held_back() {
    UnseenSales.Basis old = new UnseenSales.Basis(30, 3, 5, NOW);
    long later = NOW + UnseenSales.HOLD.toMillis() + 1;

    assertThat(UnseenSales.unseen(old, 30, 5, NOW + 1)).isEqualTo(3);
    assertThat(UnseenSales.unseen(old, 30, 5, later)).isZero();
    assertThat(UnseenSales.unseen(old, 29, 5, later)).isEqualTo(1);
  }

  @Test
  void the_hold_runs_from_when_units_were_first_unseen() {
    UnseenSales sales = new UnseenSales();
    sales.written(KEY, 30, 1, 5L, NOW);
    sales.written(KEY, 29, 2, 5L, NOW + 50);
    assertThat(sales.basis(KEY).since()).isEqualTo(NOW);
    sales.written(KEY, 29, 0, 7L, NOW + 60);
    assertThat(sales.basis(KEY).since()).isZero();
  }

  @Test
  void a_store_whose_sales_are_not_heard_of_keeps_no_basis() {
    UnseenSales sales = new UnseenSales();
    sales.written(KEY, 30, 0, 5L, NOW);
    sales.written(KEY, 31, 0, null, NOW);

    assertThat(sales.basis(KEY)).isNull();
  }

  @Test
  void at_plan_time_the_unseen_units_are_those_not_received_since_our_last_write() {
    UnseenSales sales = new UnseenSales();
    sales.written(KEY, 38, 2, 5L, NOW);
    String other = "gid://shopify/InventoryItem/2|gid://shopify/Location/1";
    sales.written(other, 10, 0, 1L, NOW);

    assertThat(
            sales.unseenByKey(
                Map.of(KEY, "SKU-1", other, "SKU-2"), Map.of("SKU-1", 6L, "SKU-2", 1L), NOW))
        .containsExactly(Map.entry(KEY, 1));
  }

  @Test
  void the_store_is_expected_to_have_taken_off_the_sales_received_since_our_write_itself() {
    // Written 31 when nothing was received: two orders received since, Shopify took them off.
    assertThat(UnseenSales.expected(new UnseenSales.Basis(31, 0, 0, 0), 2, NOW)).isEqualTo(29);
    // Written 38 with 2 unseen (already off): their orders arriving change nothing, a third does.
    UnseenSales.Basis withUnseen = new UnseenSales.Basis(38, 2, 5, NOW);
    assertThat(UnseenSales.expected(withUnseen, 7, NOW)).isEqualTo(38);
    assertThat(UnseenSales.expected(withUnseen, 8, NOW)).isEqualTo(37);
    // What the write sends against it holds back nothing more.
    assertThat(UnseenSales.unseen(withUnseen, 38, 7, NOW)).isZero();
  }
}
