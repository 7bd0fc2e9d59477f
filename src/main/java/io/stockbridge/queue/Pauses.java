package io.stockbridge.queue;

import java.util.List;

/**
 * Paused scopes: {@code flow:<kind>} stops claiming items of a kind, {@code store:<name>} items of
 * a store. Paused items stay queued and run when resumed. Implementations are thread-safe.
 */
public interface Pauses {
  void pause(String scope, String by, long now);

  boolean resume(String scope);

  List<String> list();

  static String flow(String kind) {
    return "flow:" + kind;
  }

  static String store(String store) {
    return "store:" + store;
  }
}
