package io.stockbridge.admin;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.auth.Role;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.RouteBook;
import io.stockbridge.order.OrderStore;
import io.stockbridge.store.Storage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An order's path through both systems (viewers): {@code GET /api/orders?name=%231001} (every
 * store's order of that name) and {@code GET /api/stores/{store}/orders/{shopifyOrderId}}: its
 * state, Brightpearl sales order, contact and payment, its lines with their Brightpearl products,
 * and the actions done once (cancellation, credit, restock, fulfilments).
 */
public final class OrderEndpoints {
  private final Storage storage;
  private final AdminAuth auth;

  public OrderEndpoints(Storage storage) {
    this.storage = storage;
    this.auth = new AdminAuth(storage);
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/api/orders", this::byName);
    routes.add(HandlerType.GET, "/api/stores/{store}/orders/{id}", this::one);
  }

  private void byName(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String name = ctx.queryParam("name");
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("give the order's name: ?name=%231001");
    }
    ctx.json(
        Map.of("orders", storage.orders().byName(name.strip()).stream().map(this::view).toList()));
  }

  private void one(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    OrderStore.OrderLink link =
        storage
            .orders()
            .find(ctx.pathParam("store"), ctx.pathParam("id"))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "no order " + ctx.pathParam("id") + " of store " + ctx.pathParam("store")));
    ctx.json(view(link));
  }

  private Map<String, Object> view(OrderStore.OrderLink link) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("store", link.store());
    view.put("shopifyOrderId", link.shopifyOrderId());
    view.put("name", link.orderName());
    view.put("state", link.state().column());
    view.put("parkedOnSku", link.parkedSku());
    view.put("brightpearlOrderId", link.brightpearlOrderId());
    view.put("brightpearlContactId", link.contactId());
    view.put("paymentId", link.paymentId());
    view.put(
        "inBrightpearlAt",
        link.reflectedAt() == null ? null : Instant.ofEpochMilli(link.reflectedAt()).toString());
    view.put("receivedAt", Instant.ofEpochMilli(link.createdAt()).toString());
    List<Map<String, Object>> lines =
        storage.orders().lines(link.store(), link.shopifyOrderId()).stream()
            .map(
                line -> {
                  Map<String, Object> l = new LinkedHashMap<>();
                  l.put("lineId", line.lineId());
                  l.put("sku", line.sku());
                  l.put("quantity", line.quantity());
                  l.put("brightpearlProductId", line.productId());
                  return l;
                })
            .toList();
    view.put("lines", lines);
    view.put("actions", storage.orders().actions(link.store(), link.shopifyOrderId()));
    return view;
  }
}
