package io.stockbridge.flow.order;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlOrders;
import io.stockbridge.connector.shopify.ShopifyOrders;
import io.stockbridge.event.EventRecord;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.order.OrderStore;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code order.fulfil}: a Brightpearl goods-out note marked shipped becomes a Shopify fulfilment of
 * the matching fulfillment-order lines (a partial shipment fulfils part of them), with carrier,
 * tracking number and URL. Exactly once per note: a note already fulfilled (recorded, or its
 * tracking number already on the order) is not sent again, and Shopify refuses more than what
 * remains. Notes of orders of another store (or not from Shopify) are skipped. Thread-safe.
 */
public final class FulfilmentHandler implements WorkHandler {
  private final SyncContext context;
  private final OrderStore orders;
  private final BrightpearlOrders warehouse;

  FulfilmentHandler(SyncContext context, OrderStore orders, BrightpearlOrders warehouse) {
    this.context = context;
    this.orders = orders;
    this.warehouse = warehouse;
  }

  @Override
  public String kind() {
    return FlowKinds.ORDER_FULFIL;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    Map<Long, EventRecord> events = new HashMap<>();
    for (EventRecord event :
        context
            .events()
            .findAll(
                items.stream()
                    .map(WorkItem::eventId)
                    .filter(java.util.Objects::nonNull)
                    .toList())) {
      events.put(event.id(), event);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (WorkItem item : items) {
      try {
        EventRecord event = events.get(item.eventId());
        outcomes.add(
            event == null
                ? new Outcome.Dead("event " + item.eventId() + " not found")
                : fulfil(item.store(), IdSet.parse(event.key())));
      } catch (RuntimeException e) {
        outcomes.add(Outcome.of(e));
      }
    }
    return outcomes;
  }

  private Outcome fulfil(String storeName, IdSet noteIds) {
    SyncConfig.Store store = context.store(storeName);
    List<String> done = new ArrayList<>();
    for (BrightpearlOrders.GoodsOutNote note : warehouse.goodsOutNotes(noteIds)) {
      if (!note.shipped()) {
        continue;
      }
      OrderStore.OrderLink link = orders.byBrightpearlOrder(note.orderId()).orElse(null);
      if (link == null || !link.store().equals(storeName)) {
        continue;
      }
      String key = "fulfil|" + note.id();
      if (orders.action(storeName, key).isPresent()) {
        done.add("note " + note.id() + " already fulfilled (duplicate)");
        continue;
      }
      ShopifyOrders shopify = new ShopifyOrders(context.shopify(storeName));
      ShopifyOrders.Fulfillable open = shopify.fulfillable(link.shopifyOrderId());
      if (note.trackingReference() != null
          && open.trackingNumbers().contains(note.trackingReference())) {
        orders.recordAction(
            storeName, key, link.shopifyOrderId(), "found on the order", context.clock().millis());
        done.add("note " + note.id() + " was fulfilled by an earlier attempt");
        continue;
      }
      Map<Long, List<String>> linesByProduct = new LinkedHashMap<>();
      for (OrderStore.OrderLine line : orders.lines(storeName, link.shopifyOrderId())) {
        if (line.productId() != null) {
          linesByProduct
              .computeIfAbsent(line.productId(), p -> new ArrayList<>())
              .add(line.lineId());
        }
      }
      Map<String, Map<String, Integer>> quantities = new LinkedHashMap<>();
      note.products()
          .forEach(
              (product, shipped) -> {
                int left = shipped;
                for (String lineId : linesByProduct.getOrDefault(product, List.of())) {
                  for (ShopifyOrders.FulfillmentOrderLine line : open.lines()) {
                    if (left > 0
                        && line.lineItemId().endsWith("/" + lineId)
                        && line.remaining() > 0) {
                      int take = Math.min(left, line.remaining());
                      quantities
                          .computeIfAbsent(line.fulfillmentOrderId(), f -> new LinkedHashMap<>())
                          .merge(line.id(), take, Integer::sum);
                      left -= take;
                    }
                  }
                }
              });
      if (quantities.isEmpty()) {
        orders.recordAction(
            storeName,
            key,
            link.shopifyOrderId(),
            "nothing left to fulfil",
            context.clock().millis());
        done.add("note " + note.id() + ": nothing left to fulfil on " + link.orderName());
        continue;
      }
      String fulfillment =
          shopify.createFulfillment(
              quantities,
              note.shippingMethod(),
              note.trackingReference(),
              trackingUrl(note.shippingMethod(), note.trackingReference()));
      orders.recordAction(
          storeName, key, link.shopifyOrderId(), fulfillment, context.clock().millis());
      done.add("note " + note.id() + " fulfilled on " + link.orderName() + " as " + fulfillment);
    }
    return new Outcome.Done(
        done.isEmpty() ? "no shipped note of this store's orders" : String.join("; ", done));
  }

  /** A tracking page for the carriers we know, else none (Shopify builds one for many itself). */
  static String trackingUrl(String carrier, String number) {
    if (carrier == null || number == null) {
      return null;
    }
    String encoded = java.net.URLEncoder.encode(number, java.nio.charset.StandardCharsets.UTF_8);
    return switch (carrier.toLowerCase(Locale.ROOT)) {
      case "royal mail" -> "https://www.royalmail.com/track-your-item#/tracking-results/" + encoded;
      case "dpd" -> "https://track.dpd.co.uk/parcels/" + encoded;
      case "ups" -> "https://www.ups.com/track?tracknum=" + encoded;
      case "fedex" -> "https://www.fedex.com/fedextrack/?trknbr=" + encoded;
      case "dhl" -> "https://www.dhl.com/en/express/tracking.html?AWB=" + encoded;
      default -> null;
    };
  }
}
