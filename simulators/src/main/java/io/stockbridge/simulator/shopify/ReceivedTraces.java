package io.stockbridge.simulator.shopify;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The W3C {@code traceparent} headers the simulator received with GraphQL calls, the newest {@value
 * #KEPT}: what a test reads to see that the connector carried its trace to the store. Thread-safe.
 */
final class ReceivedTraces {
  static final int KEPT = 10_000;

  private final ArrayDeque<String> received = new ArrayDeque<>();

  synchronized void add(String traceparent) {
    if (traceparent == null) {
      return;
    }
    if (received.size() == KEPT) {
      received.pollFirst();
    }
    received.addLast(traceparent);
  }

  synchronized List<String> all() {
    return List.copyOf(received);
  }
}
