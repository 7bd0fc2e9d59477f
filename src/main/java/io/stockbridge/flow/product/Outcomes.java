package io.stockbridge.flow.product;

import io.stockbridge.connector.brightpearl.BrightpearlException;
import io.stockbridge.connector.shopify.ShopifyRetryLaterException;
import io.stockbridge.queue.Outcome;
import java.util.List;

/** Outcomes shared by the product handlers. Stateless. */
final class Outcomes {
  private Outcomes() {}

  /** A throttle or outage that says when to come back is a retry-after; anything else failed. */
  static Outcome of(RuntimeException error) {
    if (error instanceof ShopifyRetryLaterException later) {
      return new Outcome.RetryAfter(later.retryAfter(), later.getMessage());
    }
    if (error instanceof BrightpearlException brightpearl
        && brightpearl.retryable()
        && brightpearl.retryAfter().isPresent()) {
      return new Outcome.RetryAfter(brightpearl.retryAfter().get(), brightpearl.getMessage());
    }
    return new Outcome.Failed(error);
  }

  /** One line for the history: every detail for a few products, counts and samples for many. */
  static String summary(List<ProductResult> results) {
    if (results.size() <= 5) {
      return String.join("; ", results.stream().map(ProductResult::detail).toList());
    }
    StringBuilder line = new StringBuilder().append(results.size()).append(" products:");
    for (ProductResult.Action action : ProductResult.Action.values()) {
      long count = results.stream().filter(r -> r.action() == action).count();
      if (count > 0) {
        line.append(' ')
            .append(count)
            .append(' ')
            .append(action.name().toLowerCase(java.util.Locale.ROOT))
            .append(',');
      }
    }
    line.setLength(line.length() - 1);
    List<String> samples =
        results.stream()
            .filter(r -> r.action() != ProductResult.Action.UNCHANGED)
            .limit(3)
            .map(ProductResult::detail)
            .toList();
    if (!samples.isEmpty()) {
      line.append("; e.g. ").append(String.join("; ", samples));
    }
    return line.toString();
  }
}
