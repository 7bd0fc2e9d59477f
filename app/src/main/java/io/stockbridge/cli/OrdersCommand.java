package io.stockbridge.cli;

import io.stockbridge.admin.OrderPaths;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.event.EventName;
import io.stockbridge.flow.order.OrderCatchUpRequests;
import io.stockbridge.http.Json;
import io.stockbridge.order.OrderStore;
import io.stockbridge.store.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orders show|find|catch-up}: an order's path through both systems (as {@code GET
 * /api/stores/{store}/orders/{order}} shows it), orders found by name, customer email (by its hash)
 * or SKU, and a catch-up poll asked of the running node.
 */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description =
        "Shows and finds Shopify orders on their way into Brightpearl; runs the catch-up.",
    subcommands = {OrdersCommand.Show.class, OrdersCommand.Find.class, OrdersCommand.CatchUp.class})
final class OrdersCommand {
  private OrdersCommand() {}

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Shows an order's path: webhook events, Brightpearl sales order, contact, payment,"
              + " cancellation, credits, fulfilments.")
  static final class Show extends StorageCommand {
    @Parameters(index = "0", paramLabel = "ORDER", description = "the Shopify order id or name")
    String order;

    @Option(names = "--store", description = "the store (default: every store with that order)")
    String store;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      OrderPaths paths = new OrderPaths(storage, config.sync());
      List<String> stores = new ArrayList<>();
      if (store != null) {
        requireStore(config.sync(), store);
        stores.add(store);
      } else {
        stores.addAll(config.sync().stores().keySet());
      }
      List<OrderStore.OrderLink> found = new ArrayList<>();
      for (String name : stores) {
        found.addAll(paths.find(name, order));
      }
      if (found.isEmpty()) {
        throw new IllegalArgumentException(
            "no order '" + order + "'" + (store == null ? "" : " of store " + store));
      }
      for (OrderStore.OrderLink link : found) {
        Map<String, Object> path = paths.path(link);
        if (json) {
          System.out.println(Json.write(path));
        } else {
          print(path);
        }
      }
      return 0;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> path) {
      System.out.printf(
          "order %s (Shopify %s) on %s: %s%n",
          path.get("name"), path.get("shopifyOrderId"), path.get("store"), path.get("state"));
      System.out.printf(
          "  Brightpearl sales order %s, contact %s, payment %s; in Brightpearl at %s%n",
          path.get("brightpearlOrderId"),
          path.get("brightpearlContactId"),
          path.get("paymentId"),
          path.get("inBrightpearlAt"));
      if (path.get("parkedOnSku") != null) {
        System.out.printf(
            "  parked: Brightpearl knows no product with SKU %s%n", path.get("parkedOnSku"));
      }
      System.out.println("  lines:");
      for (Map<String, Object> line : (List<Map<String, Object>>) path.get("lines")) {
        System.out.printf(
            "    %s x %s (Brightpearl product %s)%n",
            line.get("sku"), line.get("quantity"), line.get("brightpearlProductId"));
      }
      if (path.get("cancellation") != null) {
        System.out.println("  cancelled: " + path.get("cancellation"));
      }
      for (Map<String, Object> credit : (List<Map<String, Object>>) path.get("credits")) {
        System.out.println("  credit: " + credit);
      }
      for (Map<String, Object> fulfilment : (List<Map<String, Object>>) path.get("fulfilments")) {
        System.out.println("  fulfilment: " + fulfilment);
      }
      System.out.println("  events:");
      for (Map<String, Object> event : (List<Map<String, Object>>) path.get("events")) {
        System.out.printf(
            "    %-8s %s %-11s %-32s %-10s %s%n",
            event.get("id"),
            event.get("receivedAt"),
            event.get("source"),
            event.get("type"),
            event.get("status"),
            event.get("outcome") == null ? "" : event.get("outcome"));
      }
    }
  }

  @Command(
      name = "find",
      mixinStandardHelpOptions = true,
      description = "Finds orders by name, customer email (searched by its hash) or SKU.")
  static final class Find extends StorageCommand {
    @Option(names = "--name", description = "the order's name, e.g. #1001")
    String name;

    @Option(
        names = "--email",
        description = "the customer's email (case and surrounding spaces do not matter)")
    String email;

    @Option(names = "--sku", description = "a SKU of one of its lines")
    String sku;

    @Option(names = "--store", description = "only this store's orders")
    String store;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many, 1-500")
    int limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      long given = java.util.stream.Stream.of(name, email, sku).filter(v -> v != null).count();
      if (given != 1) {
        throw new IllegalArgumentException("give one of --name, --email, --sku");
      }
      if (limit < 1 || limit > 500) {
        throw new IllegalArgumentException("--limit: must be between 1 and 500");
      }
      if (store != null) {
        requireStore(config.sync(), store);
      }
      List<OrderStore.OrderLink> found =
          name != null
              ? storage.orders().byName(name.strip())
              : email != null
                  ? storage.orders().byEmailHash(EventName.emailHash(email), 500)
                  : storage.orders().bySku(sku.strip(), 500);
      OrderPaths paths = new OrderPaths(storage, config.sync());
      List<Map<String, Object>> views =
          found.stream()
              .filter(link -> store == null || store.equals(link.store()))
              .limit(limit)
              .map(paths::summary)
              .toList();
      if (json) {
        System.out.println(Json.write(Map.of("orders", views)));
        return 0;
      }
      System.out.printf(
          "%-12s %-10s %-16s %-15s %-12s %s%n",
          "STORE", "NAME", "SHOPIFY ID", "STATE", "BRIGHTPEARL", "RECEIVED");
      for (Map<String, Object> view : views) {
        System.out.printf(
            "%-12s %-10s %-16s %-15s %-12s %s%n",
            view.get("store"),
            view.get("name"),
            view.get("shopifyOrderId"),
            view.get("state"),
            view.get("brightpearlOrderId") == null ? "-" : view.get("brightpearlOrderId"),
            view.get("receivedAt"));
      }
      if (views.isEmpty()) {
        System.out.println("no order found");
      }
      return 0;
    }
  }

  @Command(
      name = "catch-up",
      mixinStandardHelpOptions = true,
      description =
          "Asks the running node to poll STORE's Shopify orders now for any the webhooks missed"
              + " (queued; `events show` of the printed id tells what it found).")
  static final class CatchUp extends StorageCommand {
    @Parameters(index = "0", paramLabel = "STORE")
    String store;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      SyncConfig.Store configured = requireStore(config.sync(), store);
      if (!configured.runs(SyncConfig.ORDERS)) {
        throw new IllegalArgumentException("store '" + store + "' does not run the orders flow");
      }
      long eventId =
          new OrderCatchUpRequests(storage.events())
              .request(
                  store, "cli user " + System.getProperty("user.name"), System.currentTimeMillis());
      System.out.println(
          "catch-up of "
              + store
              + "'s orders queued as event "
              + eventId
              + " (events show "
              + eventId
              + ")");
      return 0;
    }
  }

  private static SyncConfig.Store requireStore(SyncConfig sync, String store) {
    SyncConfig.Store configured = sync.stores().get(store);
    if (configured == null) {
      throw new IllegalArgumentException(
          "no configured store '" + store + "'; configured: " + sync.stores().keySet());
    }
    return configured;
  }
}
