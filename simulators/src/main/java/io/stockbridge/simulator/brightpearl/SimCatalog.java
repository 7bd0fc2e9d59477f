package io.stockbridge.simulator.brightpearl;

import io.stockbridge.idset.IdSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The simulator's stateful catalog. Thread-safe: every method holds the catalog's lock, so a read
 * sees a consistent state. Ids are positive and never reused.
 */
public final class SimCatalog {
  private final TreeMap<Long, SimData.Product> products = new TreeMap<>();
  private final Map<String, Long> productIdBySku = new LinkedHashMap<>();
  private final TreeMap<Long, SimData.Warehouse> warehouses = new TreeMap<>();
  private final TreeMap<Long, SimData.Brand> brands = new TreeMap<>();
  private final TreeMap<Long, SimData.Category> categories = new TreeMap<>();
  private final TreeMap<Long, SimData.PriceList> priceLists = new TreeMap<>();
  private final TreeMap<Long, TreeMap<Long, SimData.Stock>> stock = new TreeMap<>();
  private final TreeMap<Long, TreeMap<Long, BigDecimal>> prices = new TreeMap<>();
  private long lastProductId = 1000;

  /** Empties the catalog: a fresh account, whose product ids start again at 1001. */
  public synchronized void clear() {
    lastProductId = 1000;
    products.clear();
    productIdBySku.clear();
    warehouses.clear();
    brands.clear();
    categories.clear();
    priceLists.clear();
    stock.clear();
    prices.clear();
  }

  /** The id the next new product gets; ids of deleted products are never reused. */
  public synchronized long nextProductId() {
    return lastProductId + 1;
  }

  public synchronized void putProduct(SimData.Product product) {
    SimData.Product previous = products.put(product.id(), product);
    if (previous != null) {
      productIdBySku.remove(previous.sku());
    }
    productIdBySku.put(product.sku(), product.id());
    lastProductId = Math.max(lastProductId, product.id());
  }

  /** Removes a product with its stock and prices; returns whether it existed. */
  public synchronized boolean removeProduct(long id) {
    SimData.Product removed = products.remove(id);
    if (removed == null) {
      return false;
    }
    productIdBySku.remove(removed.sku());
    stock.remove(id);
    prices.remove(id);
    return true;
  }

  public synchronized Optional<SimData.Product> product(long id) {
    return Optional.ofNullable(products.get(id));
  }

  public synchronized Optional<SimData.Product> productBySku(String sku) {
    Long id = productIdBySku.get(sku);
    return id == null ? Optional.empty() : Optional.ofNullable(products.get(id));
  }

  /** The existing products among {@code ids}, in id order. */
  public synchronized List<SimData.Product> products(IdSet ids) {
    List<SimData.Product> found = new ArrayList<>();
    for (long id : ids.ids()) {
      SimData.Product product = products.get(id);
      if (product != null) {
        found.add(product);
      }
    }
    return found;
  }

  public synchronized List<SimData.Product> allProducts() {
    return List.copyOf(products.values());
  }

  public synchronized IdSet allProductIds() {
    return IdSet.of(products.keySet());
  }

  public synchronized int productCount() {
    return products.size();
  }

  public synchronized void putWarehouse(SimData.Warehouse warehouse) {
    warehouses.put(warehouse.id(), warehouse);
  }

  public synchronized List<SimData.Warehouse> warehouses() {
    return List.copyOf(warehouses.values());
  }

  public synchronized void putBrand(SimData.Brand brand) {
    brands.put(brand.id(), brand);
  }

  public synchronized List<SimData.Brand> brands() {
    return List.copyOf(brands.values());
  }

  public synchronized void putCategory(SimData.Category category) {
    categories.put(category.id(), category);
  }

  public synchronized Optional<SimData.Category> category(long id) {
    return Optional.ofNullable(categories.get(id));
  }

  public synchronized List<SimData.Category> categories() {
    return List.copyOf(categories.values());
  }

  public synchronized void putPriceList(SimData.PriceList priceList) {
    priceLists.put(priceList.id(), priceList);
  }

  public synchronized List<SimData.PriceList> priceLists() {
    return List.copyOf(priceLists.values());
  }

  public synchronized void putPrice(SimData.Price price) {
    prices
        .computeIfAbsent(price.productId(), id -> new TreeMap<>())
        .put(price.priceListId(), price.amount());
  }

  /** Prices of one product per price list id (empty when it has none). */
  public synchronized Map<Long, BigDecimal> prices(long productId) {
    return Map.copyOf(prices.getOrDefault(productId, new TreeMap<>()));
  }

  public synchronized void putStock(long productId, long warehouseId, SimData.Stock value) {
    stock.computeIfAbsent(productId, id -> new TreeMap<>()).put(warehouseId, value);
  }

  /** Stock per warehouse of one product, ordered by warehouse id (empty when it has none). */
  public synchronized Map<Long, SimData.Stock> stock(long productId) {
    return new TreeMap<>(stock.getOrDefault(productId, new TreeMap<>()));
  }

  /**
   * Sets the on-hand quantity of a product in a warehouse (allocations stay); returns whether the
   * figure changed. Unknown products are refused.
   */
  public synchronized boolean setOnHand(long productId, long warehouseId, long onHand) {
    if (!products.containsKey(productId)) {
      throw new IllegalArgumentException("no product " + productId);
    }
    TreeMap<Long, SimData.Stock> perWarehouse =
        stock.computeIfAbsent(productId, id -> new TreeMap<>());
    SimData.Stock current = perWarehouse.getOrDefault(warehouseId, new SimData.Stock(0, 0, 0));
    if (current.onHand() == onHand) {
      return false;
    }
    perWarehouse.put(warehouseId, current.withOnHand(onHand));
    return true;
  }
}
