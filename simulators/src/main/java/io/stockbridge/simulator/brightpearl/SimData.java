package io.stockbridge.simulator.brightpearl;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The simulator's catalog entities. All are immutable values; a change replaces the value. */
public final class SimData {
  private SimData() {}

  /** A product as Brightpearl holds it; {@code categoryIds} point into the category tree. */
  public record Product(
      long id,
      long brandId,
      String name,
      String sku,
      String ean,
      String upc,
      String mpn,
      String isbn,
      boolean stockTracked,
      List<Long> categoryIds,
      String description,
      List<Variation> variations,
      Map<String, String> customFields,
      String createdOn,
      String updatedOn) {
    public Product {
      categoryIds = List.copyOf(categoryIds);
      variations = List.copyOf(variations);
      customFields = Map.copyOf(customFields);
    }

    public Product withName(String newName, String now) {
      return new Product(
          id,
          brandId,
          newName,
          sku,
          ean,
          upc,
          mpn,
          isbn,
          stockTracked,
          categoryIds,
          description,
          variations,
          customFields,
          createdOn,
          now);
    }
  }

  /** One option of a product variant, e.g. Colour = Red. */
  public record Variation(
      long optionId, String optionName, long optionValueId, String optionValue) {}

  /**
   * Stock of one product in one warehouse. {@code onHand} is what is free to sell: in stock minus
   * allocated (the docs' example: inStock 10, allocated 1, onHand 9).
   */
  public record Stock(long inStock, long allocated, long inTransit) {
    public long onHand() {
      return inStock - allocated;
    }

    /** The same allocation with in-stock adjusted so that on-hand becomes {@code newOnHand}. */
    public Stock withOnHand(long newOnHand) {
      return new Stock(newOnHand + allocated, allocated, inTransit);
    }
  }

  public record Warehouse(long id, String name, String typeCode) {}

  public record Brand(long id, String name) {}

  /** A node of the category tree; {@code parentId} 0 is the root. */
  public record Category(long id, String name, long parentId, boolean active) {}

  public record PriceList(long id, String code, String name, String currencyCode) {}

  /** A product's price on one price list, quantity 1. */
  public record Price(long productId, long priceListId, BigDecimal amount) {}
}
