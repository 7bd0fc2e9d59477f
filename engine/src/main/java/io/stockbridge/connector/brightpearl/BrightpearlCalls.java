package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.ratelimit.BudgetStateStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The requests sent to one account by purpose over the last minute (the budget's rolling window),
 * shared by every node through the {@link BudgetStateStore} under {@code
 * brightpearl:{account}:calls} as {@code {"calls": [[epochSecond, purpose, count], ...]}}: what the
 * dashboard shows beside the budget (orders against stock reads). Thread-safe.
 */
public final class BrightpearlCalls {
  /** What a request was for. */
  public enum Purpose {
    /** The order flows: sales orders, contacts, payments, credits, goods-out notes. */
    ORDERS,
    /** The stock flow's reads: product availability and products. */
    STOCK,
    /** Everything else (catalogue, prices, categories, searches, webhooks). */
    OTHER;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The purpose of a request to {@code path} (relative to the account URL). */
    public static Purpose of(String path) {
      if (path.startsWith("/warehouse-service/product-availability")
          || path.startsWith("/product-service/product/")) {
        return STOCK;
      }
      if (path.startsWith("/order-service/")
          || path.startsWith("/contact-service/")
          || path.startsWith("/accounting-service/")
          || path.startsWith("/warehouse-service/order/")
          || path.startsWith("/warehouse-service/goods-note")) {
        return ORDERS;
      }
      return OTHER;
    }
  }

  static final long WINDOW_MS = 60_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BudgetStateStore store;
  private final String name;
  private final InstantSource clock;

  public BrightpearlCalls(BudgetStateStore store, String accountCode, InstantSource clock) {
    this.store = store;
    this.name = name(accountCode);
    this.clock = clock;
  }

  /** The state's name for {@code accountCode}. */
  public static String name(String accountCode) {
    return "brightpearl:" + accountCode + ":calls";
  }

  /** Counts one request sent for {@code purpose}. */
  public void record(Purpose purpose) {
    store.update(
        name,
        current -> {
          long now = clock.millis();
          long second = now / 1000;
          List<long[]> buckets = buckets(current, now);
          long[] bucket =
              buckets.stream()
                  .filter(b -> b[0] == second && b[1] == purpose.ordinal())
                  .findFirst()
                  .orElse(null);
          if (bucket == null) {
            buckets.add(new long[] {second, purpose.ordinal(), 1});
          } else {
            bucket[2]++;
          }
          ObjectNode node = MAPPER.createObjectNode();
          ArrayNode array = node.putArray("calls");
          buckets.forEach(b -> array.addArray().add(b[0]).add(b[1]).add(b[2]));
          return new BudgetStateStore.Decision<>(node.toString(), null);
        });
  }

  /**
   * Requests per purpose (every purpose's key, 0 when none) in the minute before {@code now}, read
   * from a stored state ({@code null}: none yet).
   */
  public static Map<String, Long> lastMinute(String state, long now) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Purpose purpose : Purpose.values()) {
      counts.put(purpose.key(), 0L);
    }
    for (long[] bucket : buckets(state, now)) {
      if (bucket[1] >= 0 && bucket[1] < Purpose.values().length) {
        counts.merge(Purpose.values()[(int) bucket[1]].key(), bucket[2], Long::sum);
      }
    }
    return counts;
  }

  /** The buckets of the last minute: a second's bucket counts while any of it is in the window. */
  private static List<long[]> buckets(String state, long now) {
    List<long[]> buckets = new ArrayList<>();
    if (state == null) {
      return buckets;
    }
    try {
      for (JsonNode b : MAPPER.readTree(state).path("calls")) {
        long second = b.path(0).asLong();
        if ((second + 1) * 1000 > now - WINDOW_MS) {
          buckets.add(new long[] {second, b.path(1).asLong(), b.path(2).asLong()});
        }
      }
    } catch (java.io.IOException e) {
      return new ArrayList<>(); // a corrupt state starts over
    }
    return buckets;
  }
}
