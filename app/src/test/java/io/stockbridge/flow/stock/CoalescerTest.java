package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.flow.Backlog;
import io.stockbridge.testhelper.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The coalescing rule, driven by ticks on a clock the test moves: debounce, maximum wait, whole
 * reads at once, a partial read after the batch fill, longer during a burst, at once when stuck.
 */
class CoalescerTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final SyncConfig.Timing TIMING =
      new SyncConfig.Timing(
          Duration.ofMillis(300),
          Duration.ofMillis(1500),
          Duration.ofMillis(200),
          Duration.ofMillis(15_000));

  final MutableClock clock = new MutableClock(T0);
  final List<List<Long>> flushes = new ArrayList<>();
  boolean backlogPending;
  boolean saturated;
  long eventsStored;

  final Backlog backlog =
      new Backlog() {
        @Override
        public boolean pending() {
          return backlogPending;
        }

        @Override
        public boolean saturated() {
          return saturated;
        }

        @Override
        public int maxInFlight() {
          return 4;
        }

        @Override
        public long eventsStored() {
          return eventsStored;
        }
      };

  final Coalescer.Flusher flusher =
      new Coalescer.Flusher() {
        @Override
        public void flush(List<Coalescer.Pending> products) {
          flushes.add(products.stream().map(p -> p.productId).toList());
          for (Coalescer.Pending product : products) {
            product.waitersByStore.values().stream()
                .flatMap(List::stream)
                .forEach(
                    w ->
                        w.result().complete(new ProductOutcome.Pushed("set " + product.productId)));
          }
        }

        @Override
        public void writeLeftovers(Coalescer policy) {}
      };

  private Coalescer coalescer(int readBatch) {
    return new Coalescer(TIMING, readBatch, backlog, clock, flusher, Runnable::run, clock);
  }

  private CompletableFuture<ProductOutcome> change(Coalescer coalescer, long productId) {
    return coalescer.submit("shop-a", productId, clock.millis(), 1L);
  }

  /** Moves the clock by {@code millis} and ticks; returns the products flushed. */
  private int after(Coalescer coalescer, long millis) throws InterruptedException {
    clock.advance(Duration.ofMillis(millis));
    return coalescer.tick();
  }

  @Test
  void a_lone_change_goes_out_debounce_plus_batch_fill_after_it_happened() throws Exception {
    try (Coalescer coalescer = coalescer(4)) {
      CompletableFuture<ProductOutcome> result = change(coalescer, 1);

      assertThat(after(coalescer, 299)).as("within the debounce").isZero();
      assertThat(after(coalescer, 200)).as("due, but a partial read waits to fill").isZero();
      assertThat(after(coalescer, 1)).isEqualTo(1);

      assertThat(flushes).containsExactly(List.of(1L));
      assertThat(result).isCompletedWithValue(new ProductOutcome.Pushed("set 1"));
    }
  }

  @Test
  void a_product_that_keeps_changing_goes_out_max_wait_after_its_first_change() throws Exception {
    try (Coalescer coalescer = coalescer(1)) {
      change(coalescer, 1);
      for (int i = 0; i < 7; i++) {
        assertThat(after(coalescer, 200)).isZero();
        change(coalescer, 1); // the debounce starts again
      }
      assertThat(after(coalescer, 99)).as("1,499 ms after the first change").isZero();
      assertThat(after(coalescer, 1)).isEqualTo(1);
    }
  }

  @Test
  void whole_reads_go_out_at_once_and_the_remainder_waits_for_the_batch_fill() throws Exception {
    try (Coalescer coalescer = coalescer(4)) {
      for (long id = 1; id <= 5; id++) {
        change(coalescer, id);
      }

      assertThat(after(coalescer, 300)).isEqualTo(4);
      assertThat(after(coalescer, 199)).isZero();
      assertThat(after(coalescer, 1)).isEqualTo(1);
      assertThat(flushes).containsExactly(List.of(1L, 2L, 3L, 4L), List.of(5L));
    }
  }

  @Test
  void during_a_burst_a_partial_read_waits_up_to_the_max_batch_wait() throws Exception {
    backlogPending = true;
    try (Coalescer coalescer = coalescer(4)) {
      change(coalescer, 1);

      assertThat(after(coalescer, 300 + 200)).isZero();
      assertThat(after(coalescer, 14_799)).as("15 s after it was due, less 1 ms").isZero();
      assertThat(after(coalescer, 1)).isEqualTo(1);
    }
  }

  /**
   * The burst rate is measured over two seconds, so it outlasted the burst by up to two seconds and
   * the last products of every import waited that long for a fuller read nothing was coming to fill
   * (the spike's last flush came 2 s after its last webhook).
   */
  @Test
  void a_partial_read_waits_while_events_pour_in_and_goes_once_none_came_for_the_quiet_window()
      throws Exception {
    try (Coalescer coalescer = coalescer(4)) {
      change(coalescer, 1);
      // 200 events a second for two seconds: the partial read is held.
      for (int i = 0; i < 200; i++) {
        eventsStored += 2;
        assertThat(after(coalescer, 10)).as("tick %d of the burst", i).isZero();
      }
      // The events stop: the two seconds' rate is still high, but the burst is over.
      assertThat(after(coalescer, Coalescer.BURST_QUIET_MILLIS - 10)).isZero();
      assertThat(after(coalescer, 10)).isEqualTo(1);
    }
  }

  @Test
  void a_node_that_can_claim_no_more_sends_a_partial_read_as_soon_as_it_is_due() throws Exception {
    backlogPending = true;
    saturated = true;
    try (Coalescer coalescer = coalescer(4)) {
      change(coalescer, 1);

      assertThat(after(coalescer, 299)).isZero();
      assertThat(after(coalescer, 1)).isEqualTo(1);
    }
  }

  @Test
  void a_backlog_of_old_changes_is_due_at_once() throws Exception {
    try (Coalescer coalescer = coalescer(4)) {
      coalescer.submit("shop-a", 1, T0 - 60_000, 1L);

      assertThat(coalescer.tick()).isEqualTo(1);
    }
  }

  @Test
  void closing_fails_what_is_still_waiting_so_its_item_runs_again() {
    CompletableFuture<ProductOutcome> result;
    try (Coalescer coalescer = coalescer(4)) {
      result = change(coalescer, 1);
    }
    assertThat(result.join()).isInstanceOf(ProductOutcome.Error.class);
  }
}
