package io.stockbridge.simulator.brightpearl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fills a {@link SimCatalog} with a deterministic catalog: the same {@link Spec} (seed included)
 * always gives the same products, stock, prices and categories. Product ids continue after the
 * catalog's last id (the first seed of a fresh simulator starts at 1001).
 */
public final class CatalogGenerator {
  /**
   * What to generate.
   *
   * @param products number of products
   * @param warehouses number of warehouses (ids 1..W)
   * @param priceLists number of price lists (ids 1..P)
   * @param categories number of categories (ids 1..C), the first few at the root
   * @param brands number of brands (ids 1..B)
   * @param nonStockTrackedEvery every n-th product is not stock-tracked; 0 means all are tracked
   * @param seed seed of the random figures
   */
  public record Spec(
      int products,
      int warehouses,
      int priceLists,
      int categories,
      int brands,
      int nonStockTrackedEvery,
      long seed) {
    public Spec {
      if (products < 0 || warehouses < 1 || priceLists < 0 || categories < 0 || brands < 1) {
        throw new IllegalArgumentException(
            "products >= 0, warehouses >= 1, priceLists >= 0, categories >= 0, brands >= 1");
      }
    }

    public static Spec ofProducts(int products) {
      return new Spec(products, 2, 2, 20, 5, 0, 42);
    }
  }

  private static final String[] COLOURS = {"Red", "Blue", "Green", "Black", "White"};
  private static final String[] WORDS = {"Linen", "Wool", "Cotton", "Canvas", "Leather", "Denim"};
  private static final String[] ITEMS = {"Shirt", "Scarf", "Bag", "Jacket", "Cap", "Apron"};

  private CatalogGenerator() {}

  /** Clears the catalog and generates {@code spec} into it; returns the new product ids' range. */
  public static void generate(SimCatalog catalog, Spec spec, String now) {
    catalog.clear();
    Random random = new Random(spec.seed());
    for (long id = 1; id <= spec.warehouses(); id++) {
      catalog.putWarehouse(new SimData.Warehouse(id, "Warehouse " + id, "OWN"));
    }
    for (long id = 1; id <= spec.brands(); id++) {
      catalog.putBrand(new SimData.Brand(id, "Brand " + id));
    }
    int roots = Math.max(1, Math.min(4, spec.categories()));
    for (long id = 1; id <= spec.categories(); id++) {
      long parent = id <= roots ? 0 : 1 + random.nextInt((int) id - 1);
      catalog.putCategory(new SimData.Category(id, "Category " + id, parent, true));
    }
    for (long id = 1; id <= spec.priceLists(); id++) {
      String currency = id == 1 ? "GBP" : id == 2 ? "EUR" : "USD";
      catalog.putPriceList(new SimData.PriceList(id, "PL" + id, "Price list " + id, currency));
    }
    for (int i = 0; i < spec.products(); i++) {
      boolean tracked =
          spec.nonStockTrackedEvery() <= 0 || (i + 1) % spec.nonStockTrackedEvery() != 0;
      addProduct(catalog, spec, random, tracked, now);
    }
  }

  /** Adds one product (with stock and prices drawn from {@code random}); returns its id. */
  public static long addProduct(
      SimCatalog catalog, Spec spec, Random random, boolean stockTracked, String now) {
    long id = catalog.nextProductId();
    String name =
        WORDS[random.nextInt(WORDS.length)] + " " + ITEMS[random.nextInt(ITEMS.length)] + " " + id;
    List<Long> categoryIds =
        spec.categories() == 0 ? List.of() : List.of(1L + random.nextInt(spec.categories()));
    String colour = COLOURS[random.nextInt(COLOURS.length)];
    catalog.putProduct(
        new SimData.Product(
            id,
            1L + random.nextInt(spec.brands()),
            name,
            "SKU-" + id,
            String.format("50%011d", id),
            String.format("0%011d", id),
            "MPN-" + id,
            "",
            stockTracked,
            categoryIds,
            "<p>" + name + "</p>",
            List.of(new SimData.Variation(1, "Colour", 1 + random.nextInt(COLOURS.length), colour)),
            Map.of("PCF_MATERIAL", name.substring(0, name.indexOf(' '))),
            now,
            now));
    if (stockTracked) {
      for (SimData.Warehouse warehouse : catalog.warehouses()) {
        long allocated = random.nextInt(3);
        long onHand = random.nextInt(100);
        catalog.putStock(
            id,
            warehouse.id(),
            new SimData.Stock(onHand + allocated, allocated, random.nextInt(5)));
      }
    }
    for (SimData.PriceList priceList : catalog.priceLists()) {
      BigDecimal amount =
          BigDecimal.valueOf(500 + random.nextInt(9500), 2).setScale(4, RoundingMode.UNNECESSARY);
      catalog.putPrice(new SimData.Price(id, priceList.id(), amount));
    }
    return id;
  }
}
