package io.stockbridge.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a label's values few: the first {@code max} distinct values are kept, any later one is
 * reported as {@value #OTHER}. For values a sender chooses (a generic event's source or type), so
 * that no sender can grow the number of series without bound. Thread-safe.
 */
final class BoundedLabel {
  static final String OTHER = "other";

  private final int max;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  BoundedLabel(int max) {
    this.max = max;
  }

  String of(String value) {
    if (value == null || value.isEmpty()) {
      return "none";
    }
    if (seen.contains(value)) {
      return value;
    }
    synchronized (this) {
      if (seen.size() < max && value.length() <= 100) {
        seen.add(value);
        return value;
      }
    }
    return OTHER;
  }
}
