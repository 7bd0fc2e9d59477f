package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.idset.IdSet;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order-side resources of one account, over its client's transport and budget: contacts (search
 * by primary email, create), the atomic sales-order create, sales credits, order search by external
 * reference, status updates, customer payments, goods-in on a credit and goods-out notes. Writes
 * are never retried when their fate is unknown (a 5xx or timeout throws): callers make them
 * idempotent (search by reference before creating again). Thread-safe.
 */
public final class BrightpearlOrders {
  private final BrightpearlTransport transport;

  public BrightpearlOrders(BrightpearlClient client) {
    this.transport = client.transport();
  }

  /** A row of a new order: a product row (productId) or a free-text row (name only). */
  public record NewRow(
      Long productId, String name, int quantity, BigDecimal net, BigDecimal tax, String taxCode) {}

  /** A new sales order (or credit, with {@code parentId}): everything in one call. */
  public record NewOrder(
      long customerId,
      String ref,
      String externalRef,
      long channelId,
      long warehouseId,
      long statusId,
      String currency,
      String placedOn,
      Long parentId,
      List<NewRow> rows) {}

  /** A goods-out note: its order, warehouse, shipped flag, carrier, tracking, products. */
  public record GoodsOutNote(
      long id,
      long orderId,
      long warehouseId,
      boolean shipped,
      String shippingMethod,
      String trackingReference,
      Map<Long, Integer> products) {}

  /** The first contact whose primary email is {@code email}. */
  public Optional<Long> findContactByEmail(String email) {
    return transport
        .execute("GET", "/contact-service/contact-search?primaryEmail=" + encode(email), null)
        .flatMap(response -> firstColumn(response, "contactId"));
  }

  /** A contact as Contact Search lists it: id and primary email (null when it has none). */
  public record ContactRow(long id, String primaryEmail) {}

  /** One page of a contact search, and whether more follow. */
  public record ContactPage(
      List<ContactRow> contacts, boolean morePagesAvailable, int lastResult) {}

  /** Contact Search's largest page. */
  public static final int CONTACT_PAGE = 500;

  /**
   * One page (from result {@code firstResult}, 1-based) of the contacts updated (created included)
   * at or after {@code since}, or of every contact when {@code since} is null: Contact Search's
   * {@code updatedOn} PERIOD filter ({@code <since>/}), {@value #CONTACT_PAGE} a page.
   */
  public ContactPage contactsUpdatedSince(java.time.Instant since, int firstResult) {
    String path =
        "/contact-service/contact-search?pageSize="
            + CONTACT_PAGE
            + "&firstResult="
            + firstResult
            + (since == null ? "" : "&updatedOn=" + encode(since.toString() + "/"));
    return transport
        .execute("GET", path, null)
        .map(
            response -> {
              JsonNode columns = response.at("/metaData/columns");
              int id = -1;
              int email = -1;
              for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i).path("name").asText();
                if (name.equals("contactId")) {
                  id = i;
                } else if (name.equals("primaryEmail")) {
                  email = i;
                }
              }
              List<ContactRow> rows = new ArrayList<>();
              if (id >= 0) {
                for (JsonNode row : response.path("results")) {
                  JsonNode address = email < 0 ? null : row.get(email);
                  rows.add(
                      new ContactRow(
                          row.get(id).asLong(),
                          address == null || address.isNull() ? null : address.asText()));
                }
              }
              return new ContactPage(
                  rows,
                  response.at("/metaData/morePagesAvailable").asBoolean(false),
                  response.at("/metaData/lastResult").asInt(firstResult - 1 + rows.size()));
            })
        .orElse(new ContactPage(List.of(), false, firstResult - 1));
  }

  public long createContact(String email, String firstName, String lastName) {
    ObjectNode body = BrightpearlTransport.MAPPER.createObjectNode();
    body.put("firstName", firstName).put("lastName", lastName);
    body.putObject("communication").putObject("emails").putObject("PRI").put("email", email);
    body.putObject("relationshipToAccount").put("isCustomer", true);
    return transport
        .execute("POST", "/contact-service/contact", body.toString())
        .map(JsonNode::asLong)
        .orElseThrow();
  }

  /** The sales order whose external reference is {@code externalRef}, if any. */
  public Optional<Long> findSalesOrder(String externalRef) {
    return transport
        .execute(
            "GET", "/order-service/sales-order-search?externalRef=" + encode(externalRef), null)
        .flatMap(response -> firstColumn(response, "salesOrderId"));
  }

  /** The order of any type (a sales credit too) whose external reference is {@code externalRef}. */
  public Optional<Long> findOrder(String externalRef) {
    return transport
        .execute("GET", "/order-service/order-search?externalRef=" + encode(externalRef), null)
        .flatMap(response -> firstColumn(response, "orderId"));
  }

  /** Creates a sales order with all its rows in one call; returns its id. */
  public long createSalesOrder(NewOrder order) {
    return transport
        .execute("POST", "/order-service/sales-order", json(order).toString())
        .map(JsonNode::asLong)
        .orElseThrow();
  }

  /** Creates a sales credit against {@code order.parentId()}; returns its id. */
  public long createSalesCredit(NewOrder order) {
    return transport
        .execute("POST", "/order-service/sales-credit", json(order).toString())
        .map(JsonNode::asLong)
        .orElseThrow();
  }

  public void setStatus(long orderId, long statusId) {
    ObjectNode body = BrightpearlTransport.MAPPER.createObjectNode().put("orderStatusId", statusId);
    transport.execute("PUT", "/order-service/order/" + orderId + "/status", body.toString());
  }

  /**
   * Records a customer payment ({@code RECEIPT} for an order, {@code PAYMENT} for a credit);
   * Brightpearl refuses a second one with the same transaction reference and method.
   */
  public long createPayment(
      String transactionRef,
      String paymentMethodCode,
      String paymentType,
      long orderId,
      String currency,
      BigDecimal amount,
      String paymentDate) {
    ObjectNode body = BrightpearlTransport.MAPPER.createObjectNode();
    body.put("transactionRef", transactionRef)
        .put("paymentMethodCode", paymentMethodCode)
        .put("paymentType", paymentType)
        .put("orderId", orderId)
        .put("currencyIsoCode", currency)
        .put("amountPaid", amount.toPlainString())
        .put("paymentDate", paymentDate);
    return transport
        .execute("POST", "/accounting-service/customer-payment", body.toString())
        .map(JsonNode::asLong)
        .orElseThrow();
  }

  /** Receives stock back into {@code warehouseId} against sales credit {@code creditId}. */
  public void goodsIn(long creditId, long warehouseId, Map<Long, Integer> products) {
    ObjectNode body = BrightpearlTransport.MAPPER.createObjectNode();
    body.put("transfer", false).put("warehouseId", warehouseId);
    ArrayNode moved = body.putArray("goodsMoved");
    products.forEach(
        (product, quantity) ->
            moved.addObject().put("productId", product).put("quantity", quantity));
    transport.execute(
        "POST", "/warehouse-service/order/" + creditId + "/goods-note/goods-in", body.toString());
  }

  /** The goods-out notes among {@code ids} (of any order). */
  public List<GoodsOutNote> goodsOutNotes(IdSet ids) {
    List<GoodsOutNote> notes = new ArrayList<>();
    transport
        .execute("GET", "/warehouse-service/order/*/goods-note/goods-out/" + ids, null)
        .ifPresent(
            response ->
                response
                    .fields()
                    .forEachRemaining(
                        entry -> {
                          JsonNode note = entry.getValue();
                          Map<Long, Integer> products = new LinkedHashMap<>();
                          note.path("orderRows")
                              .forEach(
                                  row ->
                                      row.forEach(
                                          line ->
                                              products.merge(
                                                  line.path("productId").asLong(),
                                                  line.path("quantity").asInt(),
                                                  Integer::sum)));
                          notes.add(
                              new GoodsOutNote(
                                  Long.parseLong(entry.getKey()),
                                  note.path("orderId").asLong(),
                                  note.path("warehouseId").asLong(),
                                  note.at("/status/shipped").asBoolean(),
                                  text(note.at("/shipping/shippingMethod")),
                                  text(note.at("/shipping/reference")),
                                  products));
                        }));
    return notes;
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static ObjectNode json(NewOrder order) {
    ObjectNode body = BrightpearlTransport.MAPPER.createObjectNode();
    body.putObject("customer").put("id", order.customerId());
    body.put("ref", order.ref()).put("externalRef", order.externalRef());
    if (order.parentId() != null) {
      body.put("parentId", order.parentId());
    }
    body.put("placedOn", order.placedOn())
        .put("channelId", order.channelId())
        .put("warehouseId", order.warehouseId())
        .put("statusId", order.statusId());
    body.putObject("currency").put("code", order.currency());
    ArrayNode rows = body.putArray("rows");
    for (NewRow row : order.rows()) {
      ObjectNode r = rows.addObject();
      if (row.productId() != null) {
        r.put("productId", row.productId());
      }
      if (row.name() != null) {
        r.put("name", row.name());
      }
      r.put("quantity", String.valueOf(row.quantity()))
          .put("net", row.net().toPlainString())
          .put("tax", row.tax().toPlainString())
          .put("taxCode", row.taxCode());
    }
    return body;
  }

  /** The value of {@code column} in the first result row of a search answer. */
  private static Optional<Long> firstColumn(JsonNode response, String column) {
    JsonNode columns = response.at("/metaData/columns");
    int index = -1;
    for (int i = 0; i < columns.size(); i++) {
      if (column.equals(columns.get(i).path("name").asText())) {
        index = i;
      }
    }
    JsonNode results = response.path("results");
    if (index < 0 || results.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(results.get(0).get(index).asLong());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
