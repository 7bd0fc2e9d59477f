package io.stockbridge.flow.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A Shopify order as the order flow needs it, read from an {@code orders/*} webhook's REST-shaped
 * body: lines with SKU, quantity, unit price, discount and tax; the shipping lines; customer,
 * currency, total. Immutable.
 */
public record ShopifyOrder(
    String id,
    String name,
    String email,
    String firstName,
    String lastName,
    String currency,
    String createdAt,
    String updatedAt,
    boolean cancelled,
    BigDecimal total,
    List<Line> lines,
    List<Shipping> shipping) {

  /** One line item: its id, SKU, quantity, unit price, discount over the line, tax. */
  public record Line(
      String id,
      String sku,
      String title,
      int quantity,
      BigDecimal price,
      BigDecimal discount,
      BigDecimal tax) {
    /** The line's net value: quantity times price, less its discount. */
    public BigDecimal net() {
      return price.multiply(BigDecimal.valueOf(quantity)).subtract(discount);
    }
  }

  /** One shipping line: title, price and tax. */
  public record Shipping(String title, BigDecimal price, BigDecimal tax) {}

  /** Reads a webhook body; throws IllegalArgumentException naming what is missing. */
  public static ShopifyOrder fromWebhook(JsonNode json) {
    if (json == null || !json.isObject() || !json.hasNonNull("id")) {
      throw new IllegalArgumentException("the order body has no id");
    }
    List<Line> lines = new ArrayList<>();
    for (JsonNode line : json.path("line_items")) {
      lines.add(
          new Line(
              line.path("id").asText(),
              line.hasNonNull("sku") ? line.path("sku").asText().strip() : null,
              line.path("title").asText(""),
              line.path("quantity").asInt(),
              money(line.path("price")),
              money(line.path("total_discount")),
              taxes(line.path("tax_lines"))));
    }
    List<Shipping> shipping = new ArrayList<>();
    for (JsonNode ship : json.path("shipping_lines")) {
      shipping.add(
          new Shipping(
              ship.path("title").asText("Shipping"),
              money(ship.path("price")),
              taxes(ship.path("tax_lines"))));
    }
    JsonNode customer = json.path("customer");
    String email =
        json.hasNonNull("email")
            ? json.path("email").asText()
            : customer.path("email").asText(null);
    return new ShopifyOrder(
        json.path("id").asText(),
        json.path("name").asText(null),
        email == null || email.isBlank() ? null : email.strip(),
        customer.path("first_name").asText(""),
        customer.path("last_name").asText(""),
        json.path("currency").asText("GBP"),
        json.path("created_at").asText(null),
        json.path("updated_at").asText(null),
        json.hasNonNull("cancelled_at"),
        money(json.path("total_price")),
        List.copyOf(lines),
        List.copyOf(shipping));
  }

  private static BigDecimal money(JsonNode node) {
    if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
      return BigDecimal.ZERO;
    }
    try {
      return new BigDecimal(node.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an amount: '" + node.asText() + "'", e);
    }
  }

  private static BigDecimal taxes(JsonNode taxLines) {
    BigDecimal tax = BigDecimal.ZERO;
    for (JsonNode taxLine : taxLines) {
      tax = tax.add(money(taxLine.path("price")));
    }
    return tax;
  }
}
