package io.stockbridge.simulator.brightpearl;

import io.stockbridge.idset.IdSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Changes to the simulator's data that raise the webhooks the real account would: new products
 * ({@code product.created}), renamed ({@code product.modified}) and deleted ({@code
 * product.destroyed}) products, stock bursts ({@code product.modified.on-hand-modified}, one ID set
 * per burst) and category renames ({@code brightpearl-category.modified}). Thread-safe.
 */
public final class SimControl {
  public static final String PRODUCT_CREATED = "product.created";
  public static final String PRODUCT_MODIFIED = "product.modified";
  public static final String PRODUCT_DESTROYED = "product.destroyed";
  public static final String ON_HAND_MODIFIED = "product.modified.on-hand-modified";
  public static final String CATEGORY_MODIFIED = "brightpearl-category.modified";

  /** Sets the on-hand figure of the product with {@code sku} in one warehouse. */
  public record StockUpdate(String sku, long warehouseId, long onHand) {}

  /** What a change did: the products (or categories) changed and the webhook requests queued. */
  public record Outcome(IdSet changed, int webhooksQueued) {}

  private final SimCatalog catalog;
  private final WebhookDispatcher webhooks;
  private final BrightpearlSimulatorOptions options;
  private CatalogGenerator.Spec lastSpec = CatalogGenerator.Spec.ofProducts(0);
  private Random random = new Random(42);

  SimControl(SimCatalog catalog, WebhookDispatcher webhooks, BrightpearlSimulatorOptions options) {
    this.catalog = catalog;
    this.webhooks = webhooks;
    this.options = options;
  }

  private String now() {
    return options.clock().instant().toString();
  }

  /** Replaces the catalog with a generated one; raises no webhooks (it is the starting state). */
  public synchronized IdSet seed(CatalogGenerator.Spec spec) {
    CatalogGenerator.generate(catalog, spec, now());
    lastSpec = spec;
    random = new Random(spec.seed() + 1);
    return catalog.allProductIds();
  }

  /**
   * Applies on-hand changes; products whose figure changed get one on-hand-modified ID set (in
   * burst mode, several long scattered ones in the order of {@code updates}: see {@link
   * WebhookDispatcher#fireImport}).
   */
  public synchronized Outcome stockBurst(List<StockUpdate> updates) {
    List<Long> changed = new ArrayList<>();
    for (StockUpdate update : updates) {
      SimData.Product product =
          catalog
              .productBySku(update.sku())
              .orElseThrow(
                  () -> new IllegalArgumentException("no product with SKU " + update.sku()));
      if (catalog.setOnHand(product.id(), update.warehouseId(), update.onHand())
          && product.stockTracked()) {
        changed.add(product.id());
      }
    }
    return new Outcome(IdSet.of(changed), webhooks.fireImport(ON_HAND_MODIFIED, changed));
  }

  /** New on-hand figures (0..199) for {@code count} random stock-tracked products. */
  public synchronized Outcome randomStockBurst(int count, long warehouseId, long seed) {
    Random burstRandom = new Random(seed);
    List<SimData.Product> tracked =
        catalog.allProducts().stream().filter(SimData.Product::stockTracked).toList();
    List<StockUpdate> updates = new ArrayList<>();
    for (int i = 0; i < Math.min(count, tracked.size()); i++) {
      SimData.Product product = tracked.get(burstRandom.nextInt(tracked.size()));
      updates.add(new StockUpdate(product.sku(), warehouseId, 200 + burstRandom.nextInt(1000)));
    }
    return stockBurst(updates);
  }

  public synchronized Outcome createProducts(int count, boolean stockTracked) {
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      created.add(CatalogGenerator.addProduct(catalog, lastSpec, random, stockTracked, now()));
    }
    IdSet ids = IdSet.of(created);
    return new Outcome(ids, webhooks.fire(PRODUCT_CREATED, ids));
  }

  public synchronized Outcome renameProduct(long id, String name) {
    SimData.Product product =
        catalog.product(id).orElseThrow(() -> new IllegalArgumentException("no product " + id));
    catalog.putProduct(product.withName(name, now()));
    return new Outcome(IdSet.of(id), webhooks.fire(PRODUCT_MODIFIED, IdSet.of(id)));
  }

  public synchronized Outcome deleteProduct(long id) {
    if (!catalog.removeProduct(id)) {
      throw new IllegalArgumentException("no product " + id);
    }
    return new Outcome(IdSet.of(id), webhooks.fire(PRODUCT_DESTROYED, IdSet.of(id)));
  }

  public synchronized Outcome renameCategory(long id, String name) {
    SimData.Category category =
        catalog.category(id).orElseThrow(() -> new IllegalArgumentException("no category " + id));
    catalog.putCategory(new SimData.Category(id, name, category.parentId(), category.active()));
    return new Outcome(IdSet.of(id), webhooks.fire(CATEGORY_MODIFIED, IdSet.of(id)));
  }
}
