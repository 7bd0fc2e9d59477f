package io.stockbridge.fanout;

import java.util.List;

/**
 * Sends a subscriber's due deliveries (oldest first) and reports one attempt per delivery it tried.
 * With {@code perKey} it keeps each key's order: after a key's first failure it does not try that
 * key's later deliveries (they get no result and stay due). Never throws for a failed send: a
 * failure is an {@link AttemptResult}. Called by one thread at a time unless {@link #concurrent}
 * (then by several at once, each with other deliveries); closed once, after the last send ended.
 */
public interface Sender extends AutoCloseable {
  List<AttemptResult> send(List<Delivery> deliveries, boolean perKey) throws InterruptedException;

  /** Whether several rounds may be sent at once (the default: one at a time). */
  default boolean concurrent() {
    return false;
  }

  @Override
  void close();
}
