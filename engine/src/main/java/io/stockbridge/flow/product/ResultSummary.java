package io.stockbridge.flow.product;

import java.util.List;

/**
 * History lines shared by the product handlers (exceptions become outcomes through {@link
 * io.stockbridge.queue.Outcome#of}). Stateless.
 */
final class ResultSummary {
  private ResultSummary() {}

  /** One line for the history: every detail for a few products, counts and samples for many. */
  static String of(List<ProductResult> results) {
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
