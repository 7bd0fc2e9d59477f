package io.stockbridge.admin;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.event.EventName;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.order.OrderStore;
import io.stockbridge.store.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An order's path through both systems, as the admin API ({@code GET
 * /api/stores/{store}/orders/{order}}) and the CLI ({@code stockbridge orders show}) show it: its
 * state; the Brightpearl sales order, contact and payment; its lines with their Brightpearl
 * products; what was done once after it (cancellation, credits with their restock and payment,
 * fulfilments); and every event of it, found through the event index ({@link EventName}: the
 * order's name, the Shopify order id a refund names, the goods-out notes its fulfilments came
 * from), each with the outcome of its last step. Never the customer's email: only its hash.
 * Stateless; thread-safe.
 */
public final class OrderPaths {
  /** Most events of one order shown. */
  static final int MAX_EVENTS = 200;

  private final Storage storage;
  private final SyncConfig sync;

  public OrderPaths(Storage storage, SyncConfig sync) {
    this.storage = storage;
    this.sync = sync;
  }

  /**
   * The orders of {@code store} that {@code order} names: its Shopify order id, else its name
   * ({@code #1001}, or {@code 1001} for {@code #1001}).
   */
  public List<OrderStore.OrderLink> find(String store, String order) {
    String wanted = order.strip();
    Optional<OrderStore.OrderLink> byId = storage.orders().find(store, wanted);
    if (byId.isPresent()) {
      return List.of(byId.get());
    }
    List<OrderStore.OrderLink> found = new ArrayList<>();
    for (String name : wanted.startsWith("#") ? List.of(wanted) : List.of(wanted, "#" + wanted)) {
      for (OrderStore.OrderLink link : storage.orders().byName(name)) {
        if (link.store().equals(store)) {
          found.add(link);
        }
      }
    }
    return found;
  }

  /** The order in short: what a search lists. */
  public Map<String, Object> summary(OrderStore.OrderLink link) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("store", link.store());
    view.put("shopifyOrderId", link.shopifyOrderId());
    view.put("name", link.orderName());
    view.put("state", link.state().column());
    view.put("parkedOnSku", link.parkedSku());
    view.put("brightpearlOrderId", link.brightpearlOrderId());
    view.put("brightpearlContactId", link.contactId());
    view.put("paymentId", link.paymentId());
    view.put("customerEmailHash", link.emailHash());
    view.put("receivedAt", Instant.ofEpochMilli(link.createdAt()).toString());
    view.put(
        "inBrightpearlAt",
        link.reflectedAt() == null ? null : Instant.ofEpochMilli(link.reflectedAt()).toString());
    return view;
  }

  /** The whole path: the summary, lines, what was done after, and the order's events. */
  public Map<String, Object> path(OrderStore.OrderLink link) {
    Map<String, Object> view = summary(link);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (OrderStore.OrderLine line : storage.orders().lines(link.store(), link.shopifyOrderId())) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("lineId", line.lineId());
      l.put("sku", line.sku());
      l.put("quantity", line.quantity());
      l.put("brightpearlProductId", line.productId());
      l.put("brightpearlRowId", line.rowId());
      lines.add(l);
    }
    view.put("lines", lines);
    Map<String, String> actions = storage.orders().actions(link.store(), link.shopifyOrderId());
    view.put("cancellation", cancellation(actions));
    view.put("credits", credits(actions));
    List<Map<String, Object>> fulfilments = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    new TreeMap<>(actions)
        .forEach(
            (key, result) -> {
              if (key.startsWith("fulfil|")) {
                String note = key.substring("fulfil|".length());
                notes.add(note);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("goodsOutNoteId", note);
                f.put("result", result);
                fulfilments.add(f);
              }
            });
    view.put("fulfilments", fulfilments);
    view.put("actions", actions);
    view.put("events", events(link, notes));
    return view;
  }

  private static Map<String, Object> cancellation(Map<String, String> actions) {
    for (Map.Entry<String, String> action : actions.entrySet()) {
      if (action.getKey().startsWith("cancel|")) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("result", action.getValue());
        return c;
      }
    }
    return null;
  }

  /** The refunds' credits: {@code refund|<id>|credit}, {@code |restock}, {@code |payment}. */
  private static List<Map<String, Object>> credits(Map<String, String> actions) {
    Map<String, Map<String, Object>> byRefund = new TreeMap<>();
    actions.forEach(
        (key, result) -> {
          String[] parts = key.split("\\|", -1);
          if (parts.length == 3 && parts[0].equals("refund")) {
            Map<String, Object> credit =
                byRefund.computeIfAbsent(
                    parts[1],
                    id -> {
                      Map<String, Object> c = new LinkedHashMap<>();
                      c.put("refundId", id);
                      return c;
                    });
            switch (parts[2]) {
              case "credit" -> credit.put("salesCreditId", result);
              case "restock" -> credit.put("restock", result);
              case "payment" -> credit.put("refunded", result);
              case "done" -> credit.put("done", result);
              default -> {}
            }
          }
        });
    return List.copyOf(byRefund.values());
  }

  /**
   * The order's events, oldest first: Shopify's (by the order's name, the order id a refund names,
   * the order id as key), the catch-up poll's (by name), Brightpearl's goods-out notes of its
   * fulfilments; only those of this store.
   */
  private List<Map<String, Object>> events(OrderStore.OrderLink link, List<String> notes) {
    SyncConfig.Store store = sync.stores().get(link.store());
    String shop = store == null ? null : store.shop() + ".myshopify.com";
    Map<Long, EventRecord> found = new TreeMap<>();
    List<EventQuery> queries = new ArrayList<>();
    EventQuery all = EventQuery.all(MAX_EVENTS);
    if (link.orderName() != null) {
      queries.add(all.withName(EventName.order(link.orderName())));
    }
    queries.add(all.withName(EventName.shopifyOrder(link.shopifyOrderId())));
    queries.add(all.withKey(link.shopifyOrderId()));
    for (String note : notes) {
      queries.add(all.withName(new EventName("goods-out-note", note)));
    }
    for (EventQuery query : queries) {
      for (EventRecord event : storage.events().search(query).events()) {
        if (belongs(event, link, shop)) {
          found.put(event.id(), event);
        }
      }
    }
    List<Map<String, Object>> views = new ArrayList<>();
    found.values().stream()
        .sorted(Comparator.comparingLong(EventRecord::id))
        .limit(MAX_EVENTS)
        .forEach(
            event -> {
              Map<String, Object> view = new LinkedHashMap<>();
              view.put("id", event.id());
              view.put("source", event.source());
              view.put("type", event.type());
              view.put("key", event.key());
              view.put("status", event.status().dbValue());
              view.put("flow", event.flow());
              view.put("receivedAt", Instant.ofEpochMilli(event.receivedAt()).toString());
              List<HistoryEntry> history = storage.events().history(event.id());
              view.put(
                  "outcome", history.isEmpty() ? null : history.get(history.size() - 1).detail());
              views.add(view);
            });
    return views;
  }

  /** Whether an event found for the order is this store's (names repeat across stores). */
  private static boolean belongs(EventRecord event, OrderStore.OrderLink link, String shop) {
    return switch (event.source()) {
      case "shopify" ->
          shop != null
              && shop.equals(event.store())
              && event.type() != null
              && (event.type().startsWith("orders/") || event.type().startsWith("refunds/"));
      case "stockbridge" ->
          link.store().equals(event.store()) && "order.catch-up".equals(event.type());
      // A goods-out note's event names the note; the note belongs to this order's sales order.
      case "brightpearl" -> event.type() != null && event.type().startsWith("goods-out-note");
      default -> false;
    };
  }
}
