package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.connector.shopify.ShopifyRetryLaterException;
import io.stockbridge.queue.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a stock item's outcome is made of its products' outcomes. */
class StockOutcomeTest {
  @Test
  void a_throttled_stock_flush_is_a_retry_after_like_in_the_product_flow_not_a_failure() {
    // The bug: the stock flow turned every exception, throttles included, into Failed (attempts
    // spent, exponential backoff) while the product flow retried them after the given delay.
    ShopifyRetryLaterException throttled =
        new ShopifyRetryLaterException("THROTTLED", Duration.ofMillis(800), null);

    Outcome outcome =
        StockFlow.combine(
            List.of(new ProductOutcome.Pushed("1 level"), new ProductOutcome.Error(throttled)));

    assertThat(outcome).isEqualTo(new Outcome.RetryAfter(Duration.ofMillis(800), "THROTTLED"));
  }

  @Test
  void an_unexpected_flush_error_fails_the_item() {
    IllegalStateException bug = new IllegalStateException("bug");

    assertThat(StockFlow.combine(List.of(new ProductOutcome.Error(bug))))
        .isEqualTo(new Outcome.Failed(bug));
  }

  @Test
  void a_rejected_sku_makes_the_item_dead_and_a_retry_waits_for_the_longest_delay() {
    assertThat(
            StockFlow.combine(
                List.of(
                    new ProductOutcome.Retry(Duration.ofSeconds(1), "stale"),
                    new ProductOutcome.Rejected("SKU A refused"))))
        .isInstanceOf(Outcome.Dead.class);
    assertThat(
            StockFlow.combine(
                List.of(
                    new ProductOutcome.Retry(Duration.ofSeconds(1), "stale"),
                    new ProductOutcome.Retry(Duration.ofSeconds(2), "lost swap"),
                    new ProductOutcome.Unchanged("same"))))
        .isEqualTo(new Outcome.RetryAfter(Duration.ofSeconds(2), "lost swap"));
  }
}
