package io.stockbridge.sync;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlCategory;
import io.stockbridge.connector.brightpearl.BrightpearlProduct;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tags a product gets on the storefronts: one per matching custom rule, and (when switched on)
 * one per category path from the warehouse category tree, e.g. {@code Clothing > Shirts}.
 * Stateless.
 */
public final class ProductTags {
  private ProductTags() {}

  /**
   * Tags for {@code product}.
   *
   * @param categories the whole category tree by id
   * @param brands brand names by id
   */
  public static List<String> of(
      BrightpearlProduct product,
      Map<Long, BrightpearlCategory> categories,
      Map<Long, String> brands,
      SyncConfig.Products rules) {
    Set<String> tags = new LinkedHashSet<>();
    for (SyncConfig.TagRule rule : rules.tagRules()) {
      String value = field(product, rule.field(), brands);
      if (value == null || value.isBlank()) {
        continue;
      }
      if (rule.pattern().isEmpty() || rule.pattern().get().matcher(value).find()) {
        tags.add(rule.tag().replace("{value}", value).strip());
      }
    }
    if (rules.categoryTags()) {
      for (Long categoryId : product.categoryIds()) {
        String path = categoryPath(categoryId, categories);
        if (path != null) {
          tags.add(path);
        }
      }
    }
    tags.removeIf(String::isBlank);
    return List.copyOf(tags);
  }

  /** {@code Root > Child > Leaf}, or null when the category is unknown. */
  public static String categoryPath(long categoryId, Map<Long, BrightpearlCategory> categories) {
    List<String> names = new ArrayList<>();
    Long current = categoryId;
    Set<Long> seen = new LinkedHashSet<>();
    while (current != null && current != 0 && seen.add(current)) {
      BrightpearlCategory category = categories.get(current);
      if (category == null) {
        return names.isEmpty() ? null : String.join(" > ", names.reversed());
      }
      names.add(category.name());
      current = category.parentId();
    }
    return String.join(" > ", names.reversed());
  }

  static String field(BrightpearlProduct product, String field, Map<Long, String> brands) {
    return switch (field) {
      case "name" -> product.name();
      case "sku" -> product.identity().sku();
      case "ean" -> product.identity().ean();
      case "upc" -> product.identity().upc();
      case "mpn" -> product.identity().mpn();
      case "brand" -> brands.get(product.brandId());
      default -> {
        if (field.startsWith("customFields.")) {
          var value = product.raw().path("customFields").path(field.substring(13));
          yield value.isMissingNode() || value.isNull() ? null : value.asText();
        }
        yield null;
      }
    };
  }
}
