package io.stockbridge.simulator.shopify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The orders of one simulated shop: line items, a shipping line, the customer, one fulfillment
 * order per order (at the shop's first location), fulfillments with tracking, cancellation and
 * refunds. Payloads of the order webhooks are REST-shaped as Shopify sends them ({@code
 * line_items}, {@code shipping_lines}, {@code tax_lines}...). Not thread-safe by itself: callers
 * hold the owning {@link SimulatedShop}'s lock.
 */
final class ShopOrders {
  static final class Line {
    final long id;
    final long variantId;
    final String sku;
    final String title;
    final int quantity;
    final BigDecimal price;
    final BigDecimal discount;
    final BigDecimal tax;
    final BigDecimal taxRate;
    final long fulfillmentLineId;
    int remaining;

    Line(
        long id,
        Catalog.Variant variant,
        int quantity,
        BigDecimal price,
        BigDecimal discount,
        BigDecimal taxRate,
        long fulfillmentLineId) {
      this.id = id;
      this.variantId = variant.id;
      this.sku = variant.sku;
      this.title = variant.title;
      this.quantity = quantity;
      this.price = price;
      this.discount = discount;
      this.taxRate = taxRate;
      this.tax =
          price
              .multiply(BigDecimal.valueOf(quantity))
              .subtract(discount)
              .multiply(taxRate)
              .setScale(2, RoundingMode.HALF_UP);
      this.fulfillmentLineId = fulfillmentLineId;
      this.remaining = quantity;
    }
  }

  static final class Fulfillment {
    final long id;
    final String company;
    final String number;
    final String url;
    final Map<Long, Integer> quantities;
    final Instant createdAt;

    Fulfillment(
        long id,
        String company,
        String number,
        String url,
        Map<Long, Integer> quantities,
        Instant createdAt) {
      this.id = id;
      this.company = company;
      this.number = number;
      this.url = url;
      this.quantities = quantities;
      this.createdAt = createdAt;
    }
  }

  static final class Order {
    final long id;
    final String name;
    final String email;
    final String firstName;
    final String lastName;
    final long customerId;
    final String currency;
    final Instant createdAt;
    final long locationId;
    final long fulfillmentOrderId;
    final List<Line> lines = new ArrayList<>();
    String shippingTitle;
    BigDecimal shippingPrice = BigDecimal.ZERO;
    Instant updatedAt;
    Instant cancelledAt;
    final List<Fulfillment> fulfillments = new ArrayList<>();
    final List<Map<String, Object>> refunds = new ArrayList<>();

    Order(
        long id,
        String name,
        String email,
        String firstName,
        String lastName,
        long customerId,
        String currency,
        Instant createdAt,
        long locationId,
        long fulfillmentOrderId) {
      this.id = id;
      this.name = name;
      this.email = email;
      this.firstName = firstName;
      this.lastName = lastName;
      this.customerId = customerId;
      this.currency = currency;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
      this.locationId = locationId;
      this.fulfillmentOrderId = fulfillmentOrderId;
    }

    BigDecimal total() {
      BigDecimal total = shippingPrice;
      for (Line line : lines) {
        total =
            total
                .add(line.price.multiply(BigDecimal.valueOf(line.quantity)))
                .subtract(line.discount)
                .add(line.tax);
      }
      return total;
    }

    String fulfillmentStatus() {
      boolean any = lines.stream().anyMatch(l -> l.remaining < l.quantity);
      boolean all = lines.stream().allMatch(l -> l.remaining == 0);
      return cancelledAt != null ? "CLOSED" : all ? "CLOSED" : any ? "IN_PROGRESS" : "OPEN";
    }
  }

  final TreeMap<Long, Order> orders = new TreeMap<>();
  private final Map<String, Long> customersByEmail = new LinkedHashMap<>();
  private long lastOrderId = 5_000_000;
  private long lastLineId = 9_000_000;
  private long lastFulfillmentOrderId = 7_000_000;
  private long lastFulfillmentId = 8_000_000;
  private long lastRefundId = 6_000_000;
  private long lastCustomerId = 3_000_000;
  private int nextNumber = 1001;

  Order create(
      String email,
      String firstName,
      String lastName,
      String currency,
      Instant now,
      long locationId) {
    long customerId =
        customersByEmail.computeIfAbsent(
            email.toLowerCase(java.util.Locale.ROOT), e -> ++lastCustomerId);
    Order order =
        new Order(
            ++lastOrderId,
            "#" + nextNumber++,
            email,
            firstName,
            lastName,
            customerId,
            currency,
            now,
            locationId,
            ++lastFulfillmentOrderId);
    orders.put(order.id, order);
    return order;
  }

  Line addLine(
      Order order,
      Catalog.Variant variant,
      int quantity,
      BigDecimal price,
      BigDecimal discount,
      BigDecimal taxRate) {
    long id = ++lastLineId;
    Line line = new Line(id, variant, quantity, price, discount, taxRate, id);
    order.lines.add(line);
    return line;
  }

  long nextFulfillmentId() {
    return ++lastFulfillmentId;
  }

  long nextRefundId() {
    return ++lastRefundId;
  }

  Order byFulfillmentOrder(long fulfillmentOrderId) {
    for (Order order : orders.values()) {
      if (order.fulfillmentOrderId == fulfillmentOrderId) {
        return order;
      }
    }
    return null;
  }

  /** The order as the {@code orders/*} webhooks carry it. */
  static Map<String, Object> payload(Order order) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", order.id);
    json.put("admin_graphql_api_id", Gid.of("Order", order.id));
    json.put("name", order.name);
    json.put("email", order.email);
    json.put("currency", order.currency);
    json.put("created_at", order.createdAt.toString());
    json.put("updated_at", order.updatedAt.toString());
    json.put("cancelled_at", order.cancelledAt == null ? null : order.cancelledAt.toString());
    json.put("financial_status", order.refunds.isEmpty() ? "paid" : "partially_refunded");
    json.put("total_price", money(order.total()));
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("id", order.customerId);
    customer.put("email", order.email);
    customer.put("first_name", order.firstName);
    customer.put("last_name", order.lastName);
    json.put("customer", customer);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Line line : order.lines) {
      lines.add(linePayload(line));
    }
    json.put("line_items", lines);
    List<Map<String, Object>> shipping = new ArrayList<>();
    if (order.shippingTitle != null) {
      Map<String, Object> ship = new LinkedHashMap<>();
      ship.put("title", order.shippingTitle);
      ship.put("price", money(order.shippingPrice));
      ship.put("tax_lines", List.of());
      shipping.add(ship);
    }
    json.put("shipping_lines", shipping);
    return json;
  }

  static Map<String, Object> linePayload(Line line) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", line.id);
    json.put("admin_graphql_api_id", Gid.of("LineItem", line.id));
    json.put("variant_id", line.variantId);
    json.put("sku", line.sku);
    json.put("title", line.title);
    json.put("quantity", line.quantity);
    json.put("price", money(line.price));
    json.put("total_discount", money(line.discount));
    Map<String, Object> tax = new LinkedHashMap<>();
    tax.put("title", "VAT");
    tax.put("rate", line.taxRate.doubleValue());
    tax.put("price", money(line.tax));
    json.put("tax_lines", line.tax.signum() == 0 ? List.of() : List.of(tax));
    return json;
  }

  static String money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
