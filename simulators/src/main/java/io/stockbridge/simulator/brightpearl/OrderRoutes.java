package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.stockbridge.idset.IdSet;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order-side resources: contact search and create, the atomic sales-order create, sales-order
 * search and GET, order status update, customer payment, sales credit, goods-in on a credit and
 * goods-out note GET. Shapes are documented in docs/brightpearl.md.
 */
final class OrderRoutes {
  private static final String API = "/public-api/{account}";

  private final SimOrders orders;

  OrderRoutes(SimOrders orders) {
    this.orders = orders;
  }

  void register(RoutesConfig app) {
    app.get(API + "/contact-service/contact-search", this::searchContacts);
    app.post(API + "/contact-service/contact", this::createContact);
    app.post(API + "/order-service/sales-order", ctx -> createOrder(ctx, false));
    app.post(API + "/order-service/sales-credit", ctx -> createOrder(ctx, true));
    app.get(API + "/order-service/sales-order-search", ctx -> searchOrders(ctx, false));
    app.get(API + "/order-service/order-search", ctx -> searchOrders(ctx, true));
    app.get(API + "/order-service/sales-order/{ids}", this::getOrders);
    app.put(API + "/order-service/order/{id}/status", this::setStatus);
    app.post(API + "/accounting-service/customer-payment", this::pay);
    app.post(API + "/warehouse-service/order/{id}/goods-note/goods-in", this::goodsIn);
    app.get(API + "/warehouse-service/order/{orderIds}/goods-note/goods-out/{ids}", this::goodsOut);
  }

  private static JsonNode body(Context ctx) {
    try {
      JsonNode body = CatalogJson.MAPPER.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw ApiError.badRequest("CMNC-400", "The request body must be a JSON object");
      }
      return body;
    } catch (IOException e) {
      throw ApiError.badRequest("CMNC-400", "The request body is not valid JSON");
    }
  }

  private static long required(JsonNode node, String path) {
    JsonNode value = node.at(path);
    if (!value.canConvertToLong() || value.asLong() <= 0) {
      throw ApiError.badRequest(
          "CMNC-401", "Field " + path.substring(1).replace('/', '.') + " is required");
    }
    return value.asLong();
  }

  /** Contact Search's page size limit. */
  static final int MAX_CONTACT_PAGE = 500;

  private void searchContacts(Context ctx) {
    String email = ctx.queryParam("primaryEmail");
    String updatedOn = ctx.queryParam("updatedOn");
    List<SimOrders.Contact> matching;
    if (email != null && !email.isBlank()) {
      matching = orders.contactsByEmail(email.strip());
    } else if (updatedOn != null && !updatedOn.isBlank()) {
      java.time.Instant[] period = period(updatedOn.strip());
      matching = orders.contactsUpdated(period[0], period[1]);
    } else {
      matching = orders.contactsUpdated(null, null);
    }
    int pageSize = intParam(ctx, "pageSize", MAX_CONTACT_PAGE, 1, MAX_CONTACT_PAGE);
    int firstResult = intParam(ctx, "firstResult", 1, 1, Integer.MAX_VALUE);
    int from = Math.min(matching.size(), firstResult - 1);
    int to = Math.min(matching.size(), from + pageSize);
    List<SimOrders.Contact> found = matching.subList(from, to);
    ObjectNode response = CatalogJson.MAPPER.createObjectNode();
    ArrayNode results = response.putArray("results");
    for (SimOrders.Contact contact : found) {
      results
          .addArray()
          .add(contact.id())
          .add(contact.email())
          .add(contact.firstName())
          .add(contact.lastName())
          .add(contact.createdOn().toString())
          .add(contact.updatedOn().toString());
    }
    ObjectNode meta = response.putObject("metaData");
    meta.put("resultsAvailable", matching.size())
        .put("resultsReturned", found.size())
        .put("firstResult", from + 1)
        .put("lastResult", to)
        .put("morePagesAvailable", to < matching.size());
    ArrayNode columns = meta.putArray("columns");
    for (String name :
        List.of("contactId", "primaryEmail", "firstName", "lastName", "createdOn", "updatedOn")) {
      columns.addObject().put("name", name);
    }
    ApiResponses.ok(ctx, response);
  }

  /**
   * A PERIOD filter: {@code from/to}, either side empty (open), each an ISO 8601 date (the whole
   * day) or date-time with an offset.
   */
  static java.time.Instant[] period(String value) {
    int slash = value.indexOf('/');
    String from = slash < 0 ? value : value.substring(0, slash);
    String to = slash < 0 ? value : value.substring(slash + 1);
    try {
      return new java.time.Instant[] {
        from.isEmpty() ? null : instant(from, false), to.isEmpty() ? null : instant(to, true)
      };
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest(
          "CMNC-016", "Invalid PERIOD filter '" + value + "': " + e.getMessage());
    }
  }

  private static java.time.Instant instant(String text, boolean endOfDay) {
    if (text.length() == 10) {
      java.time.LocalDate day = java.time.LocalDate.parse(text);
      return (endOfDay ? day.plusDays(1) : day)
          .atStartOfDay(java.time.ZoneOffset.UTC)
          .toInstant()
          .minusMillis(endOfDay ? 1 : 0);
    }
    return java.time.OffsetDateTime.parse(text).toInstant();
  }

  private static int intParam(Context ctx, String name, int absent, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(
        "CMNC-016", name + " must be a whole number from " + min + " to " + max);
  }

  private void createContact(Context ctx) {
    JsonNode body = body(ctx);
    String email = body.at("/communication/emails/PRI/email").asText(null);
    if (email == null || email.isBlank()) {
      throw ApiError.badRequest(
          "CONC-001", "communication.emails.PRI.email is required by this simulator");
    }
    long id =
        orders.createContact(
            email, body.path("firstName").asText(""), body.path("lastName").asText(""));
    ApiResponses.ok(ctx, CatalogJson.MAPPER.getNodeFactory().numberNode(id));
  }

  private void createOrder(Context ctx, boolean credit) {
    JsonNode body = body(ctx);
    long customer =
        body.at("/customer/id").canConvertToLong()
            ? body.at("/customer/id").asLong()
            : body.path("customerId").asLong();
    if (customer <= 0) {
      throw ApiError.badRequest("CMNC-401", "Field customer.id is required");
    }
    JsonNode rowsNode = body.path("rows");
    if (!rowsNode.isArray()) {
      throw ApiError.badRequest("CMNC-401", "Field rows is required");
    }
    List<SimOrders.NewRow> rows = new ArrayList<>();
    for (JsonNode row : rowsNode) {
      Long productId = row.hasNonNull("productId") ? row.path("productId").asLong() : null;
      String quantity = row.path("quantity").asText("");
      int count;
      try {
        count = new BigDecimal(quantity).intValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw ApiError.badRequest(
            "ORDC-006",
            "Row quantity must be a whole number for a stock-tracked product, got '"
                + quantity
                + "'");
      }
      rows.add(
          new SimOrders.NewRow(
              productId,
              row.path("name").asText(null),
              count,
              decimal(row, "net"),
              decimal(row, "tax"),
              row.path("taxCode").asText(null)));
    }
    SimOrders.Order order =
        orders.create(
            credit,
            customer,
            body.path("ref").asText(null),
            body.path("externalRef").asText(null),
            body.path("channelId").asLong(0),
            body.path("warehouseId").asLong(0),
            body.path("statusId").asLong(1),
            body.at("/currency/code").asText("GBP"),
            credit ? required(body, "/parentId") : null,
            rows,
            body.path("placedOn").asText(null));
    ApiResponses.ok(ctx, CatalogJson.MAPPER.getNodeFactory().numberNode(order.id()));
  }

  private static BigDecimal decimal(JsonNode row, String field) {
    String text = row.path(field).asText("0");
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(
          "ORDC-007", "Row " + field + " must be a decimal, got '" + text + "'");
    }
  }

  private void searchOrders(Context ctx, boolean anyType) {
    String externalRef = ctx.queryParam("externalRef");
    if (externalRef == null || externalRef.isBlank()) {
      throw ApiError.badRequest(
          "CMNC-016", "This simulator searches sales orders by externalRef only");
    }
    List<SimOrders.Order> found = new ArrayList<>(orders.byExternalRef(externalRef.strip(), false));
    if (anyType) {
      found.addAll(orders.byExternalRef(externalRef.strip(), true));
    }
    ObjectNode response = CatalogJson.MAPPER.createObjectNode();
    ArrayNode results = response.putArray("results");
    for (SimOrders.Order order : found) {
      results
          .addArray()
          .add(order.id())
          .add(order.customerId())
          .add(order.orderStatusIdText())
          .add(order.externalRef());
    }
    ObjectNode meta = response.putObject("metaData");
    meta.put("resultsAvailable", found.size())
        .put("resultsReturned", found.size())
        .put("firstResult", 1)
        .put("lastResult", found.size())
        .put("morePagesAvailable", false);
    ArrayNode columns = meta.putArray("columns");
    for (String name :
        List.of(
            anyType ? "orderId" : "salesOrderId", "customerId", "orderStatusId", "externalRef")) {
      columns.addObject().put("name", name);
    }
    ApiResponses.ok(ctx, response);
  }

  private void getOrders(Context ctx) {
    IdSet ids = ApiResponses.idSet(ctx, "ids", 200, "orders");
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    for (long id : ids.ids()) {
      orders.order(id).filter(o -> !o.credit()).ifPresent(order -> response.add(orderJson(order)));
    }
    if (response.isEmpty()) {
      throw ApiError.notFound("No sales orders found for ID set " + ids);
    }
    ApiResponses.ok(ctx, response);
  }

  private static ObjectNode orderJson(SimOrders.Order order) {
    ObjectNode node = CatalogJson.MAPPER.createObjectNode();
    node.put("id", order.id()).put("ref", order.ref()).put("externalRef", order.externalRef());
    node.putObject("customer").put("id", order.customerId());
    node.put("statusId", order.statusId())
        .put("channelId", order.channelId())
        .put("warehouseId", order.warehouseId());
    node.putObject("currency").put("code", order.currency());
    ArrayNode rows = node.putArray("rows");
    for (SimOrders.Row row : order.rows()) {
      ObjectNode r = rows.addObject().put("id", row.id());
      if (row.productId() != null) {
        r.put("productId", row.productId());
      }
      r.put("name", row.name())
          .put("quantity", String.valueOf(row.quantity()))
          .put("net", row.net().toPlainString())
          .put("tax", row.tax().toPlainString())
          .put("taxCode", row.taxCode());
    }
    return node;
  }

  private void setStatus(Context ctx) {
    long id = Long.parseLong(ctx.pathParam("id"));
    JsonNode body = body(ctx);
    orders.setStatus(id, required(body, "/orderStatusId"));
    ctx.status(200).contentType("application/json").result("{\"response\":null}");
  }

  private void pay(Context ctx) {
    JsonNode body = body(ctx);
    String method = body.path("paymentMethodCode").asText("");
    if (method.isBlank() || method.length() > 36) {
      throw ApiError.badRequest(
          "ACCC-003", "paymentMethodCode is required (at most 36 characters)");
    }
    String type = body.path("paymentType").asText("");
    if (!List.of("AUTH", "CAPTURE", "PAYMENT", "RECEIPT", "VOID").contains(type)) {
      throw ApiError.badRequest(
          "ACCC-004", "paymentType must be AUTH, CAPTURE, PAYMENT, RECEIPT or VOID");
    }
    String currency = body.path("currencyIsoCode").asText("");
    if (currency.length() != 3) {
      throw ApiError.badRequest("ACCC-005", "currencyIsoCode must be 3 letters");
    }
    String ref = body.hasNonNull("transactionRef") ? body.path("transactionRef").asText() : null;
    if (ref != null && ref.length() > 64) {
      throw ApiError.badRequest("ACCC-006", "transactionRef is at most 64 characters");
    }
    SimOrders.Payment payment =
        orders.pay(
            ref, method, type, required(body, "/orderId"), currency, decimal(body, "amountPaid"));
    ApiResponses.ok(ctx, CatalogJson.MAPPER.getNodeFactory().numberNode(payment.id()));
  }

  private void goodsIn(Context ctx) {
    long creditId = Long.parseLong(ctx.pathParam("id"));
    JsonNode body = body(ctx);
    long warehouse = required(body, "/warehouseId");
    Map<Long, Integer> products = new LinkedHashMap<>();
    for (JsonNode moved : body.path("goodsMoved")) {
      products.merge(
          moved.path("productId").asLong(), moved.path("quantity").asInt(), Integer::sum);
    }
    if (products.isEmpty()) {
      throw ApiError.badRequest("WHSC-003", "goodsMoved must name at least one product");
    }
    orders.goodsIn(creditId, warehouse, products);
    ApiResponses.ok(ctx, CatalogJson.MAPPER.createArrayNode());
  }

  private void goodsOut(Context ctx) {
    IdSet ids = ApiResponses.idSet(ctx, "ids", 200, "goods-out notes");
    ObjectNode response = CatalogJson.MAPPER.createObjectNode();
    for (SimOrders.GoodsOutNote note : orders.notes(ids)) {
      ObjectNode n = response.putObject(String.valueOf(note.id()));
      n.put("orderId", note.orderId()).put("warehouseId", note.warehouseId());
      n.putObject("status").put("shipped", note.shipped());
      ObjectNode shipping = n.putObject("shipping");
      shipping
          .put("reference", note.trackingReference())
          .put("shippingMethod", note.shippingMethod());
      ObjectNode rows = n.putObject("orderRows");
      note.products()
          .forEach(
              (product, quantity) ->
                  rows.putArray(String.valueOf(product))
                      .addObject()
                      .put("productId", product)
                      .put("quantity", quantity));
    }
    if (response.isEmpty()) {
      throw ApiError.notFound("No goods-out notes found for ID set " + ids);
    }
    ApiResponses.ok(ctx, response);
  }
}
