package io.stockbridge.connector.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.testhelper.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrightpearlCallsTest {
  private final MutableClock clock = new MutableClock(1_000_000);
  private final InMemoryBudgetStateStore store = new InMemoryBudgetStateStore();

  private Map<String, Long> lastMinute() {
    String state =
        store.update(
            BrightpearlCalls.name("acme"),
            current -> new BudgetStateStore.Decision<>(null, current));
    return BrightpearlCalls.lastMinute(state, clock.millis());
  }

  @Test
  void requests_are_split_by_purpose_across_nodes_and_leave_after_a_minute() {
    BrightpearlCalls node = new BrightpearlCalls(store, "acme", clock);
    BrightpearlCalls otherNode = new BrightpearlCalls(store, "acme", clock);
    node.record(BrightpearlCalls.Purpose.of("/order-service/sales-order"));
    otherNode.record(BrightpearlCalls.Purpose.of("/accounting-service/customer-payment"));
    node.record(BrightpearlCalls.Purpose.of("/warehouse-service/product-availability/1-5"));
    clock.advance(Duration.ofSeconds(30));
    otherNode.record(BrightpearlCalls.Purpose.of("/contact-service/contact-search?x=1"));
    node.record(BrightpearlCalls.Purpose.of("/product-service/brightpearl-category/"));

    assertThat(lastMinute())
        .containsExactly(Map.entry("orders", 3L), Map.entry("stock", 1L), Map.entry("other", 1L));
    clock.advance(Duration.ofSeconds(31));
    assertThat(lastMinute())
        .containsExactly(Map.entry("orders", 1L), Map.entry("stock", 0L), Map.entry("other", 1L));
    assertThat(BrightpearlCalls.lastMinute(null, clock.millis()))
        .containsExactly(Map.entry("orders", 0L), Map.entry("stock", 0L), Map.entry("other", 0L));
    assertThat(BrightpearlCalls.lastMinute("not json", clock.millis())).containsEntry("orders", 0L);
  }
}
