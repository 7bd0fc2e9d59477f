package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;

/** Renders catalog entities in the shapes the real API answers with. Stateless, thread-safe. */
final class CatalogJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private CatalogJson() {}

  static ObjectNode product(SimData.Product product) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", product.id());
    node.put("brandId", product.brandId());
    node.put("productTypeId", 1);
    ObjectNode identity = node.putObject("identity");
    identity.put("sku", product.sku());
    identity.put("ean", product.ean());
    identity.put("upc", product.upc());
    identity.put("mpn", product.mpn());
    identity.put("isbn", product.isbn());
    identity.put("barcode", product.ean());
    node.put("productGroupId", 0);
    ObjectNode stock = node.putObject("stock");
    stock.put("stockTracked", product.stockTracked());
    stock.set("weight", MAPPER.createObjectNode().put("magnitude", 0.5));
    ObjectNode financial = node.putObject("financialDetails");
    financial.put("taxable", true);
    financial.putObject("taxCode").put("id", 1).put("code", "T20");
    ObjectNode channel = node.putArray("salesChannels").addObject();
    channel.put("salesChannelName", "Brightpearl");
    channel.put("productName", product.name());
    channel.put("productCondition", "new");
    ArrayNode categories = channel.putArray("categories");
    for (long categoryId : product.categoryIds()) {
      categories.addObject().put("categoryCode", String.valueOf(categoryId));
    }
    channel
        .putObject("description")
        .put("languageCode", "en")
        .put("text", product.description())
        .put("format", "HTML_FRAGMENT");
    channel
        .putObject("shortDescription")
        .put("languageCode", "en")
        .put("text", product.name())
        .put("format", "HTML_FRAGMENT");
    ArrayNode variations = node.putArray("variations");
    for (SimData.Variation variation : product.variations()) {
      variations
          .addObject()
          .put("optionId", variation.optionId())
          .put("optionName", variation.optionName())
          .put("optionValueId", variation.optionValueId())
          .put("optionValue", variation.optionValue());
    }
    ObjectNode custom = node.putObject("customFields");
    product.customFields().forEach(custom::put);
    node.put("createdOn", product.createdOn());
    node.put("updatedOn", product.updatedOn());
    node.put("status", "LIVE");
    return node;
  }

  static ObjectNode stock(SimData.Stock stock) {
    return MAPPER
        .createObjectNode()
        .put("inStock", stock.inStock())
        .put("onHand", stock.onHand())
        .put("allocated", stock.allocated())
        .put("inTransit", stock.inTransit());
  }

  /** One product's availability: totals, per warehouse, and optionally per location. */
  static ObjectNode availability(Map<Long, SimData.Stock> perWarehouse, boolean byLocation) {
    long inStock = 0;
    long allocated = 0;
    long inTransit = 0;
    ObjectNode warehouses = MAPPER.createObjectNode();
    for (Map.Entry<Long, SimData.Stock> entry : perWarehouse.entrySet()) {
      SimData.Stock stock = entry.getValue();
      inStock += stock.inStock();
      allocated += stock.allocated();
      inTransit += stock.inTransit();
      ObjectNode warehouse = stock(stock);
      if (byLocation) {
        // One default location per warehouse: its id is derived from the warehouse id.
        warehouse.putObject("byLocation").set(String.valueOf(entry.getKey() * 100), stock(stock));
      }
      warehouses.set(String.valueOf(entry.getKey()), warehouse);
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.set("total", stock(new SimData.Stock(inStock, allocated, inTransit)));
    node.set("warehouses", warehouses);
    return node;
  }

  static ObjectNode prices(long productId, Map<Long, BigDecimal> byPriceList, SimCatalog catalog) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("productId", productId);
    ArrayNode lists = node.putArray("priceLists");
    for (SimData.PriceList priceList : catalog.priceLists()) {
      BigDecimal amount = byPriceList.get(priceList.id());
      if (amount == null) {
        continue;
      }
      ObjectNode entry = lists.addObject();
      entry.put("priceListId", priceList.id());
      entry.put("currencyCode", priceList.currencyCode());
      entry.put("currencyId", priceList.id());
      entry.putObject("quantityPrice").put("1", amount.toPlainString());
    }
    return node;
  }

  static ObjectNode category(SimData.Category category) {
    return MAPPER
        .createObjectNode()
        .put("id", category.id())
        .put("name", category.name())
        .put("parentId", category.parentId())
        .put("active", category.active());
  }

  static ObjectNode warehouse(SimData.Warehouse warehouse) {
    ObjectNode node =
        MAPPER
            .createObjectNode()
            .put("id", warehouse.id())
            .put("name", warehouse.name())
            .put("typeCode", warehouse.typeCode())
            .put("typeDescription", "Own warehouse");
    node.putObject("address").put("countryIsoCode", "GBR");
    return node;
  }
}
