package io.stockbridge.flow.product;

import io.stockbridge.connector.brightpearl.BrightpearlProduct;
import io.stockbridge.connector.brightpearl.ProductPrice;
import io.stockbridge.connector.shopify.ProductSetResult;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.VariantRef;
import io.stockbridge.flow.product.ProductResult.Action;
import io.stockbridge.idset.IdSet;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates or updates warehouse products on stores. Reads the products and their prices from
 * Brightpearl once for all stores (200 per call), maps them, and per store skips those whose
 * content hash is unchanged, finds unknown ones by SKU (100 per call, only for products the id map
 * does not know), and writes the rest with {@code productSet}: one call each, or one bulk operation
 * above {@code products.bulkThreshold}, through the store's {@link ProductWrites} (recorded, not
 * sent, for a store in shadow mode). The id map is written at the end. Thread-safe (stateless
 * beyond the context).
 */
public final class ProductSync {
  /**
   * The content hash of an id-map line whose SKU is one variant of a multi-variant product we did
   * not create: a {@code productSet} with our one variant would delete the others, so it is never
   * written (nor archived or deleted).
   */
  public static final String GROUPED = "grouped";

  /** Products per variant-count query (aliases of {@code product(id:)}). */
  static final int COUNT_BATCH = 50;

  private final SyncContext context;
  private final Map<String, ProductWrites> storeWrites;

  /**
   * @param writes by store: where its product writes go ({@link ProductWrites})
   */
  public ProductSync(SyncContext context, Map<String, ProductWrites> writes) {
    this.context = context;
    this.storeWrites = Map.copyOf(writes);
  }

  /**
   * The results of one run: per store, the result of each product, or the error that stopped that
   * store (a throttle, an outage); other stores are not affected by one store's error.
   */
  public record Run(
      Map<String, Map<Long, ProductResult>> results,
      Map<String, RuntimeException> failures,
      Map<Long, Retagged> retagged) {}

  /**
   * A product whose storefront tags changed with this run's read (a renamed category, a changed
   * brand or field): its safety stock may have changed with them, so its levels may be stale.
   */
  public record Retagged(String sku, List<String> before, List<String> after) {}

  /**
   * Syncs products to stores.
   *
   * @param requests per store, the product ids to sync and the event each belongs to (null: none);
   *     the event is recorded with shadow writes
   * @param refreshTree read the category tree and brands again first (a category changed)
   * @throws RuntimeException when Brightpearl cannot be read (no store was touched)
   */
  public Run sync(Map<String, Map<Long, Long>> requests, boolean refreshTree) {
    if (refreshTree) {
      context.catalog().forgetTree();
    }
    Set<Long> all = new TreeSet<>();
    requests.values().forEach(ids -> all.addAll(ids.keySet()));
    Map<Long, Retagged> retagged = new HashMap<>();
    Map<Long, ProductMapper.Mapped> mapped = all.isEmpty() ? Map.of() : read(all, retagged);
    Map<String, Map<Long, ProductResult>> results = new LinkedHashMap<>();
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    requests.forEach(
        (store, ids) -> {
          try {
            results.put(store, syncStore(store, ids, mapped));
          } catch (RuntimeException e) {
            failures.put(store, e);
          }
        });
    return new Run(results, failures, retagged);
  }

  /** Syncs {@code productIds} to one store, with no event (a command, a test). */
  public Map<Long, ProductResult> syncStore(String store, Collection<Long> productIds) {
    Map<Long, Long> ids = new LinkedHashMap<>();
    productIds.forEach(id -> ids.put(id, null));
    Run run = sync(Map.of(store, ids), false);
    if (run.failures().containsKey(store)) {
      throw run.failures().get(store);
    }
    return run.results().get(store);
  }

  /**
   * Reads and maps the products Brightpearl has among {@code ids}; those whose remembered tags
   * change go into {@code retagged}.
   */
  private Map<Long, ProductMapper.Mapped> read(Set<Long> ids, Map<Long, Retagged> retagged) {
    List<BrightpearlProduct> products = context.warehouse().products(IdSet.of(ids));
    if (products.isEmpty()) {
      return Map.of();
    }
    Map<Long, CatalogProduct> before = context.state().catalog(ids);
    Map<Long, CatalogProduct> entries = new HashMap<>();
    for (CatalogProduct entry : context.catalog().remember(products)) {
      entries.put(entry.productId(), entry);
      CatalogProduct old = before.get(entry.productId());
      if (old != null && !old.tags().equals(entry.tags())) {
        retagged.put(entry.productId(), new Retagged(entry.sku(), old.tags(), entry.tags()));
      }
    }
    long priceList = context.config().warehouse().orElseThrow().priceListId();
    Map<Long, BigDecimal> prices = new HashMap<>();
    for (ProductPrice price :
        context
            .warehouse()
            .prices(
                IdSet.of(products.stream().map(BrightpearlProduct::id).toList()),
                IdSet.of(priceList))) {
      if (price.priceListId() == priceList) {
        price.unitPrice().ifPresent(p -> prices.put(price.productId(), p));
      }
    }
    Map<Long, String> brands = context.catalog().brands();
    Map<Long, ProductMapper.Mapped> mapped = new HashMap<>();
    for (BrightpearlProduct product : products) {
      mapped.put(
          product.id(),
          ProductMapper.map(
              product,
              brands.get(product.brandId()),
              prices.get(product.id()),
              entries.get(product.id()).tags()));
    }
    return mapped;
  }

  private Map<Long, ProductResult> syncStore(
      String store, Map<Long, Long> eventOf, Map<Long, ProductMapper.Mapped> mapped) {
    List<Long> ids = List.copyOf(eventOf.keySet());
    ProductWrites target = writesOf(store);
    long now = context.clock().millis();
    Map<Long, ProductResult> results = new LinkedHashMap<>();
    Map<Long, StoreProduct> known = context.state().storeProducts(store, ids);
    List<ProductMapper.Mapped> unknown = new ArrayList<>();
    Map<String, VariantRef> adopted = new HashMap<>();
    List<Write> writes = new ArrayList<>();
    for (Long id : ids) {
      ProductMapper.Mapped product = mapped.get(id);
      StoreProduct line = known.get(id);
      if (product == null) {
        results.put(id, new ProductResult(id, null, Action.MISSING, null, "not in Brightpearl"));
      } else if (line != null && GROUPED.equals(line.contentHash())) {
        results.put(id, leftAlone(id, product.sku(), line.shopifyProduct(), 0));
      } else if (line != null && line.shopifyProduct() != null && line.contentHash() != null) {
        if (product.hash().equals(line.contentHash())
            && line.state() == StoreProduct.State.ACTIVE) {
          results.put(
              id,
              new ProductResult(
                  id, product.sku(), Action.UNCHANGED, line.shopifyProduct(), "unchanged (hash)"));
        } else {
          writes.add(Write.update(product, line.shopifyProduct(), line.shopifyVariant()));
        }
      } else if (foundBySku(line, product)) {
        // Known only from a lookup by SKU (this flow's own, interrupted before the write, or the
        // stock flow's, reconciliation's): its ids are known, but its variants were never counted,
        // so it is counted, not looked up again, before anything is written to it.
        unknown.add(product);
        adopted.put(
            product.sku(),
            new VariantRef(
                product.sku(), line.shopifyVariant(), line.shopifyProduct(), line.inventoryItem()));
      } else {
        unknown.add(product);
      }
    }
    List<StoreProduct> lines = new ArrayList<>();
    if (!unknown.isEmpty()) {
      // The id cache does not know these: one lookup by SKU (100 per call) before creating, so a
      // product already on the store (or created by a run whose answer was lost) is updated.
      Map<String, VariantRef> found = lookUp(store, unknown, adopted, now);
      Map<String, Integer> variants =
          variantCounts(
              context.shopify(store),
              found.values().stream().map(VariantRef::productId).distinct().toList());
      for (ProductMapper.Mapped product : unknown) {
        VariantRef variant = found.get(product.sku());
        int count = variant == null ? 0 : variants.getOrDefault(variant.productId(), 1);
        if (variant == null) {
          writes.add(Write.create(product));
        } else if (count > 1) {
          lines.add(line(store, product, variant, GROUPED));
          results.put(
              product.productId(),
              leftAlone(product.productId(), product.sku(), variant.productId(), count));
        } else {
          lines.add(line(store, product, variant, null));
          writes.add(Write.update(product, variant.productId(), variant.variantId()));
        }
      }
    }
    try {
      target.set(writes, eventOf, now, results, lines);
    } finally {
      // Also when a throttle or outage stops the run midway: what was written is known.
      if (!lines.isEmpty()) {
        context.state().putStoreProducts(dedupe(lines), now);
      }
    }
    return results;
  }

  /** The store's product writes. */
  ProductWrites writesOf(String store) {
    ProductWrites target = storeWrites.get(store);
    if (target == null) {
      throw new IllegalArgumentException("unknown store '" + store + "'");
    }
    return target;
  }

  /** A line with the ids of this product's SKU but no content hash: found by a lookup by SKU. */
  private static boolean foundBySku(StoreProduct line, ProductMapper.Mapped product) {
    return line != null
        && line.contentHash() == null
        && line.state() == StoreProduct.State.ACTIVE
        && line.shopifyProduct() != null
        && line.shopifyVariant() != null
        && product.sku().equals(line.sku());
  }

  /**
   * The variants of {@code products} by SKU: {@code adopted} ones from the id map, the others
   * looked up by SKU, {@value ShopifyConnector#SKU_BATCH} per call. Each lookup's finds are written
   * to the id map at once (without a content hash), so a throttle or outage later in the run does
   * not make the next attempt look them up again.
   */
  private Map<String, VariantRef> lookUp(
      String store,
      List<ProductMapper.Mapped> products,
      Map<String, VariantRef> adopted,
      long now) {
    Map<String, VariantRef> found = new HashMap<>(adopted);
    Map<String, ProductMapper.Mapped> bySku = new LinkedHashMap<>();
    for (ProductMapper.Mapped product : products) {
      if (!adopted.containsKey(product.sku())) {
        bySku.put(product.sku(), product);
      }
    }
    List<String> skus = List.copyOf(bySku.keySet());
    for (int from = 0; from < skus.size(); from += ShopifyConnector.SKU_BATCH) {
      List<String> batch =
          skus.subList(from, Math.min(skus.size(), from + ShopifyConnector.SKU_BATCH));
      Map<String, VariantRef> chunk = context.shopify(store).findVariantsBySku(batch);
      found.putAll(chunk);
      List<StoreProduct> lines = new ArrayList<>();
      chunk.forEach(
          (sku, variant) -> {
            if (bySku.containsKey(sku)) {
              lines.add(line(store, bySku.get(sku), variant, null));
            }
          });
      if (!lines.isEmpty()) {
        context.state().putStoreProducts(lines, now);
      }
    }
    return found;
  }

  private static ProductResult leftAlone(
      long productId, String sku, String shopifyProduct, int variants) {
    return new ProductResult(
        productId,
        sku,
        Action.LEFT_ALONE,
        shopifyProduct,
        "SKU "
            + sku
            + " is one variant of "
            + shopifyProduct
            + (variants > 0 ? " (" + variants + " variants)" : "")
            + ": ids remembered, product left alone");
  }

  /**
   * The number of variants of each product, {@value #COUNT_BATCH} products per query (aliases of
   * {@code product(id:)}); products the store does not have are absent.
   */
  static Map<String, Integer> variantCounts(ShopifyConnector shopify, List<String> productIds) {
    Map<String, Integer> counts = new HashMap<>();
    for (int from = 0; from < productIds.size(); from += COUNT_BATCH) {
      List<String> batch =
          productIds.subList(from, Math.min(productIds.size(), from + COUNT_BATCH));
      StringBuilder parameters = new StringBuilder();
      StringBuilder fields = new StringBuilder();
      Map<String, Object> variables = new LinkedHashMap<>();
      for (int i = 0; i < batch.size(); i++) {
        parameters.append(i == 0 ? "" : ", ").append("$p").append(i).append(": ID!");
        fields
            .append(" p")
            .append(i)
            .append(": product(id: $p")
            .append(i)
            .append(") { id variantsCount { count } }");
        variables.put("p" + i, batch.get(i));
      }
      String document = "query VariantCounts(" + parameters + ") {" + fields + " }";
      var data =
          shopify.client().execute("product", document, variables, 1 + 2 * batch.size()).data();
      for (int i = 0; i < batch.size(); i++) {
        var product = data.path("p" + i);
        if (product.isObject()) {
          counts.put(batch.get(i), product.path("variantsCount").path("count").asInt(1));
        }
      }
    }
    return counts;
  }

  static boolean gone(ProductSetResult answer) {
    return answer.userErrors().stream()
        .anyMatch(
            e ->
                "PRODUCT_DOES_NOT_EXIST".equals(e.code())
                    || e.message().toLowerCase(java.util.Locale.ROOT).contains("does not exist"));
  }

  static StoreProduct line(
      String store, ProductMapper.Mapped product, VariantRef variant, String hash) {
    return new StoreProduct(
        store,
        product.productId(),
        product.sku(),
        variant.productId(),
        variant.variantId(),
        variant.inventoryItemId(),
        hash,
        StoreProduct.State.ACTIVE);
  }

  /** The last line per product wins (a product found by SKU and then written). */
  private static Collection<StoreProduct> dedupe(List<StoreProduct> lines) {
    Map<Long, StoreProduct> byProduct = new LinkedHashMap<>();
    lines.forEach(l -> byProduct.put(l.productId(), l));
    return byProduct.values();
  }

  /** One productSet to send: a create (by handle) or an update of a known product (by id). */
  record Write(
      ProductMapper.Mapped product, boolean create, String shopifyProduct, String shopifyVariant) {
    static Write create(ProductMapper.Mapped product) {
      return new Write(product, true, null, null);
    }

    static Write update(ProductMapper.Mapped product, String shopifyProduct, String variant) {
      return new Write(product, false, Objects.requireNonNull(shopifyProduct), variant);
    }

    Map<String, Object> input(List<String> locations) {
      return create
          ? ProductMapper.forCreate(product, locations)
          : ProductMapper.forUpdate(product, shopifyVariant);
    }

    Map<String, Object> identifier() {
      return create
          ? Map.of("handle", ProductMapper.handle(product))
          : Map.of("id", shopifyProduct);
    }
  }
}
