package io.stockbridge.flow.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** How one product on one store differs from what it should show. Immutable. */
public record Drift(
    long productId, String sku, String inventoryItem, boolean missing, List<Level> levels) {

  /** One location: the quantity it should show and what it shows (null: not stocked there). */
  public record Level(String locationId, int expected, Integer actual) {}

  public Drift {
    levels = List.copyOf(levels);
  }

  /**
   * Compares what a store should show ({@code expected}, by location) with what it shows ({@code
   * actual}, by location; null when the product has no inventory item there): empty when they
   * agree.
   */
  public static Optional<Drift> compare(
      long productId,
      String sku,
      Map<String, Integer> expected,
      String inventoryItem,
      Map<String, Integer> actual) {
    List<Level> differing = new ArrayList<>();
    expected.forEach(
        (location, want) -> {
          Integer have = actual == null ? null : actual.get(location);
          if (!Objects.equals(want, have)) {
            differing.add(new Level(location, want, have));
          }
        });
    boolean missing = inventoryItem == null;
    if (!missing && differing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Drift(productId, sku, inventoryItem, missing, differing));
  }
}
