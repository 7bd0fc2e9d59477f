package io.stockbridge.simulator.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files the simulator holds: staged uploads (by their {@code key} parameter, the path later given
 * to {@code bulkOperationRunMutation}) and bulk operation results (served under {@code /_files/}).
 * Thread-safe.
 */
final class FileStore {
  private final Map<String, byte[]> staged = new ConcurrentHashMap<>();
  private final Map<String, byte[]> results = new ConcurrentHashMap<>();

  void putStaged(String key, byte[] content) {
    staged.put(key, content);
  }

  byte[] staged(String key) {
    return staged.get(key);
  }

  void putResult(String name, byte[] content) {
    results.put(name, content);
  }

  byte[] result(String name) {
    return results.get(name);
  }
}
