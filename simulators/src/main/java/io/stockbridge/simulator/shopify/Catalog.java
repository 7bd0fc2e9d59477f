package io.stockbridge.simulator.shopify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stateful catalog of one simulated shop: locations, products, variants (with SKUs), inventory
 * items and inventory levels. Not thread-safe by itself: callers hold the owning {@link
 * SimulatedShop}'s lock.
 */
final class Catalog {
  static final class Location {
    final long id;
    String name;

    Location(long id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  static final class Product {
    final long id;
    String title;
    String handle;
    String status = "ACTIVE";
    String vendor = "";
    String productType = "";
    String descriptionHtml = "";
    Set<String> tags = new LinkedHashSet<>();
    List<Long> variantIds = new ArrayList<>();
    List<Map<String, Object>> metafields = new ArrayList<>();
    Instant updatedAt;

    Product(long id, String title, String handle, Instant now) {
      this.id = id;
      this.title = title;
      this.handle = handle;
      this.updatedAt = now;
    }
  }

  static final class Variant {
    final long id;
    final long productId;
    final long inventoryItemId;
    String sku;
    String price = "0.00";
    String barcode;
    String title = "Default Title";

    Variant(long id, long productId, long inventoryItemId, String sku) {
      this.id = id;
      this.productId = productId;
      this.inventoryItemId = inventoryItemId;
      this.sku = sku;
    }
  }

  /** Quantities of one inventory item at one location. */
  static final class Level {
    final long itemId;
    final long locationId;
    int available;
    int onHand;
    Instant updatedAt;

    /**
     * Quantities set on this level through the API, and how many of them repeated the one before
     * (the same figure written again, with nothing changed in between).
     */
    int apiWrites;

    int repeatedApiWrites;

    /** The figure the last API write set, while nothing else has changed the level since. */
    Integer lastApiWrite;

    Level(long itemId, long locationId, Instant now) {
      this.itemId = itemId;
      this.locationId = locationId;
      this.updatedAt = now;
    }
  }

  private long nextId = 1000;
  final Map<Long, Location> locations = new LinkedHashMap<>();
  final Map<Long, Product> products = new LinkedHashMap<>();
  final Map<Long, Variant> variants = new LinkedHashMap<>();

  /** Inventory item id to its variant id (one item per variant, as in Shopify). */
  final Map<Long, Long> itemToVariant = new TreeMap<>();

  /** Inventory item id to its levels by location id. */
  final Map<Long, Map<Long, Level>> levels = new HashMap<>();

  long nextId() {
    return nextId++;
  }

  Location addLocation(String name) {
    Location location = new Location(nextId(), name);
    locations.put(location.id, location);
    return location;
  }

  Product addProduct(String title, String handle, Instant now) {
    Product product = new Product(nextId(), title, handle, now);
    products.put(product.id, product);
    return product;
  }

  Variant addVariant(Product product, String sku) {
    Variant variant = new Variant(nextId(), product.id, nextId(), sku);
    variants.put(variant.id, variant);
    itemToVariant.put(variant.inventoryItemId, variant.id);
    product.variantIds.add(variant.id);
    return variant;
  }

  void removeVariant(long variantId) {
    Variant variant = variants.remove(variantId);
    if (variant != null) {
      itemToVariant.remove(variant.inventoryItemId);
      levels.remove(variant.inventoryItemId);
    }
  }

  /** Removes a product with its variants, inventory items and levels; false if unknown. */
  boolean removeProduct(long productId) {
    Product product = products.remove(productId);
    if (product == null) {
      return false;
    }
    for (Long variantId : product.variantIds) {
      removeVariant(variantId);
    }
    return true;
  }

  /** Stocks the item at the location (an existing level is kept). */
  Level stock(long itemId, long locationId, Instant now) {
    return levels
        .computeIfAbsent(itemId, id -> new LinkedHashMap<>())
        .computeIfAbsent(locationId, id -> new Level(itemId, id, now));
  }

  Level level(long itemId, long locationId) {
    Map<Long, Level> byLocation = levels.get(itemId);
    return byLocation == null ? null : byLocation.get(locationId);
  }

  Product productByHandle(String handle) {
    return products.values().stream().filter(p -> p.handle.equals(handle)).findFirst().orElse(null);
  }

  List<Variant> variantsOf(Product product) {
    return product.variantIds.stream().map(variants::get).toList();
  }

  Variant variantOfItem(long itemId) {
    Long variantId = itemToVariant.get(itemId);
    return variantId == null ? null : variants.get(variantId);
  }
}
