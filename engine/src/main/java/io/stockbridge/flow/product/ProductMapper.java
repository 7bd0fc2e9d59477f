package io.stockbridge.flow.product;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stockbridge.connector.brightpearl.BrightpearlProduct;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a Brightpearl product to a Shopify {@code ProductSetInput} with one variant: title,
 * description, brand as vendor, status, tags, options from the variations, and on the variant SKU,
 * barcode, price (from the configured price list), weight and tracking. The content hash covers
 * exactly what we send, so a product whose mapping did not change is never written again.
 * Stateless.
 */
public final class ProductMapper {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ProductMapper() {}

  /** The mapped content of one product; {@code input} must not be changed. */
  public record Mapped(
      long productId, String sku, boolean stockTracked, Map<String, Object> input, String hash) {}

  /**
   * Maps {@code product}.
   *
   * @param brand the brand's name, or null
   * @param price the unit price on the configured price list, or null (then none is sent)
   * @param tags the storefront tags (rules and category paths)
   */
  public static Mapped map(
      BrightpearlProduct product, String brand, BigDecimal price, List<String> tags) {
    JsonNode raw = product.raw();
    JsonNode channel = raw.path("salesChannels").path(0);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("title", product.name().isBlank() ? product.identity().sku() : product.name());
    input.put("descriptionHtml", channel.path("description").path("text").asText(""));
    if (brand != null && !brand.isBlank()) {
      input.put("vendor", brand);
    }
    input.put("status", status(raw.path("status").asText("LIVE")));
    input.put("tags", List.copyOf(tags));

    List<Map<String, Object>> options = new ArrayList<>();
    List<Map<String, Object>> optionValues = new ArrayList<>();
    for (JsonNode variation : raw.path("variations")) {
      String name = variation.path("optionName").asText("");
      String value = variation.path("optionValue").asText("");
      if (!name.isBlank() && !value.isBlank() && options.size() < 3) {
        options.add(Map.of("name", name, "values", List.of(Map.of("name", value))));
        optionValues.add(Map.of("optionName", name, "name", value));
      }
    }
    if (options.isEmpty()) {
      options.add(Map.of("name", "Title", "values", List.of(Map.of("name", "Default Title"))));
      optionValues.add(Map.of("optionName", "Title", "name", "Default Title"));
    }
    input.put("productOptions", options);

    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("optionValues", optionValues);
    variant.put("sku", product.identity().sku());
    String barcode = barcode(raw, product.identity());
    if (barcode != null) {
      variant.put("barcode", barcode);
    }
    if (price != null) {
      variant.put(
          "price", price.stripTrailingZeros().setScale(Math.max(2, scale(price))).toPlainString());
    }
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("tracked", product.stockTracked());
    JsonNode weight = raw.path("stock").path("weight").path("magnitude");
    if (weight.isNumber() && weight.asDouble() > 0) {
      item.put(
          "measurement", Map.of("weight", Map.of("unit", "KILOGRAMS", "value", weight.asDouble())));
    }
    variant.put("inventoryItem", item);
    input.put("variants", List.of(variant));
    return new Mapped(
        product.id(), product.identity().sku(), product.stockTracked(), input, hash(input));
  }

  /**
   * The input for creating: the variant stocked at every location (quantity 0 until stock runs).
   */
  public static Map<String, Object> forCreate(Mapped mapped, List<String> locationIds) {
    Map<String, Object> variant = new LinkedHashMap<>(variant(mapped));
    if (mapped.stockTracked() && !locationIds.isEmpty()) {
      List<Map<String, Object>> quantities = new ArrayList<>();
      for (String location : locationIds) {
        quantities.add(Map.of("locationId", location, "name", "available", "quantity", 0));
      }
      variant.put("inventoryQuantities", quantities);
    }
    return withVariant(mapped, variant);
  }

  /**
   * The input for updating a known product: the variant named by id so it is kept, not replaced.
   */
  public static Map<String, Object> forUpdate(Mapped mapped, String variantId) {
    Map<String, Object> variant = new LinkedHashMap<>(variant(mapped));
    if (variantId != null) {
      variant.put("id", variantId);
    }
    return withVariant(mapped, variant);
  }

  /** A handle that names the product by title and SKU, e.g. {@code linen-shirt-1001-sku-1001}. */
  public static String handle(Mapped mapped) {
    String text = mapped.input().get("title") + " " + mapped.sku();
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    return slug.length() > 200 ? slug.substring(0, 200) : slug;
  }

  /** SHA-256 (hex) of the input as canonical JSON. */
  public static String hash(Map<String, Object> input) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.writeValueAsString(input).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot hash a product input", e);
    }
  }

  /** The input as JSON (shadow writes). */
  public static String json(Map<String, Object> input) {
    try {
      return JSON.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a product input", e);
    }
  }

  static String status(String brightpearlStatus) {
    return "LIVE".equalsIgnoreCase(brightpearlStatus) ? "ACTIVE" : "DRAFT";
  }

  private static String barcode(JsonNode raw, BrightpearlProduct.Identity identity) {
    String barcode = raw.path("identity").path("barcode").asText("");
    for (String candidate : List.of(barcode, identity.ean(), identity.upc())) {
      if (!candidate.isBlank()) {
        return candidate;
      }
    }
    return null;
  }

  private static int scale(BigDecimal price) {
    return Math.max(0, price.stripTrailingZeros().scale());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> variant(Mapped mapped) {
    return ((List<Map<String, Object>>) mapped.input().get("variants")).get(0);
  }

  private static Map<String, Object> withVariant(Mapped mapped, Map<String, Object> variant) {
    Map<String, Object> input = new LinkedHashMap<>(mapped.input());
    input.put("variants", List.of(variant));
    return input;
  }
}
