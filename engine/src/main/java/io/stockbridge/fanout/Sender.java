package io.stockbridge.fanout;

import java.util.List;

/**
 * Sends a subscriber's due deliveries (oldest first) and reports one attempt per delivery it tried.
 * With {@code perKey} it keeps each key's order: after a key's first failure it does not try that
 * key's later deliveries (they get no result and stay due). Never throws for a failed send: a
 * failure is an {@link AttemptResult}. Called by one thread at a time; closed once.
 */
public interface Sender extends AutoCloseable {
  List<AttemptResult> send(List<Delivery> deliveries, boolean perKey) throws InterruptedException;

  @Override
  void close();
}
