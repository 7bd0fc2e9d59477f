package io.stockbridge.demo;

import io.stockbridge.config.Secret;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.StockbridgeWebhooks;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.shopify.SimulatedShop;
import java.net.URI;
import java.util.List;

/**
 * The order side of a {@link SyncLab}: each shop's order webhooks ({@code orders/create}, {@code
 * orders/updated}, {@code orders/cancelled}, {@code refunds/create}) subscribed to a node, and
 * Brightpearl's goods-out shipped webhook registered. Stateless.
 */
public final class OrderLab {
  /** The Shopify topics the order flows take. */
  public static final List<String> TOPICS =
      List.of(
          FlowKinds.ORDERS_CREATE,
          FlowKinds.ORDERS_UPDATED,
          FlowKinds.ORDERS_CANCELLED,
          FlowKinds.REFUNDS_CREATE);

  /** The store YAML that switches the order flows on (channel 3, warehouse 1, no poll). */
  public static final String ORDERS_YAML =
      """
      flows: [stock, products, orders]
      orders:
        channelId: 3
        warehouseId: 1
        statusId: 2
        cancelledStatusId: 5
        paymentMethod: SHOPIFY
        taxCode: T20
        pollSeconds: 0
      """;

  private OrderLab() {}

  /** Subscribes every shop of {@code lab} and registers the goods-out webhook, to {@code port}. */
  public static void connect(SyncLab lab, int port) {
    for (SyncLab.StoreSpec store : lab.spec().stores()) {
      SimulatedShop shop = lab.shopify().shop(store.name());
      for (String topic : TOPICS) {
        shop.subscribe(topic, URI.create("http://127.0.0.1:" + port + "/webhooks/shopify"));
      }
    }
    try (BrightpearlClient client =
        new BrightpearlClient(
            io.stockbridge.sync.SyncContext.brightpearlSettings(
                lab.node().config().sync().warehouse().orElseThrow()),
            new InMemoryBudgetStateStore())) {
      client.registerWebhook(
          StockbridgeWebhooks.wanted(
              FlowKinds.GOODS_OUT_SHIPPED,
              URI.create("http://127.0.0.1:" + port + "/webhooks/brightpearl/" + SyncLab.ACCOUNT),
              Secret.of(SyncLab.WEBHOOK_SECRET)));
    }
  }
}
