package io.stockbridge.flow.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.OrderLab;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.order.OrderStore;
import io.stockbridge.replay.ReplayService;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.brightpearl.SimOrders;
import io.stockbridge.simulator.shopify.FaultSettings;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order flows end to end: Shopify orders placed in the simulator reach a real node over signed
 * webhooks and become Brightpearl sales orders in the Brightpearl simulator (real HTTP both ways),
 * with their customers and payments, exactly once; cancellations, refunds and shipments follow.
 */
@EndToEnd
abstract class OrderFlowEndToEndTest {
  static final String FAST =
      """
      sync:
        debounceMillis: 50
        maxWaitMillis: 300
        batchFillMillis: 50
      queue:
        pollMillis: 10
        minRetryDelayMillis: 100
      """;
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  SyncLab lab;
  SimulatedShop shop;

  protected abstract String databaseUrl(Path dir);

  protected void cleanUp() {}

  @BeforeEach
  void start() {
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                12,
                1,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L).with(OrderLab.ORDERS_YAML)),
                databaseUrl(dir),
                dir,
                FAST));
    lab.seedStoresFromWarehouse(5);
    lab.warmCaches();
    OrderLab.connect(lab, lab.node().port());
    shop = lab.shopify().shop("shop-a");
  }

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
    cleanUp();
  }

  String sku(int index) {
    return lab.brightpearl().catalog().allProducts().get(index).sku();
  }

  long productId(String sku) {
    return lab.brightpearl().catalog().productBySku(sku).orElseThrow().id();
  }

  OrderStore orders() {
    return lab.node().storage().orders();
  }

  SimOrders brightpearlOrders() {
    return lab.brightpearl().orders();
  }

  SimulatedShop.PlacedOrder place(String email, SimulatedShop.OrderLineSpec... lines) {
    return shop.placeOrder(email, "GBP", List.of(lines), "Standard", new BigDecimal("4.99"), null);
  }

  OrderStore.OrderLink awaitInBrightpearl(SimulatedShop.PlacedOrder order) {
    Eventually.await(
        order.name() + " in Brightpearl with its payment",
        WAIT,
        () ->
            orders()
                .find("shop-a", String.valueOf(order.id()))
                .filter(l -> l.state() == OrderStore.State.IN_BRIGHTPEARL && l.paymentId() != null)
                .isPresent());
    return orders().find("shop-a", String.valueOf(order.id())).orElseThrow();
  }

  List<SimOrders.Order> salesOrdersOf(SimulatedShop.PlacedOrder order) {
    return brightpearlOrders().byExternalRef("shopify-shop-a-" + order.id(), false);
  }

  @Test
  void ordersWithSeveralRowsBecomeOneSalesOrderEachWithTheCustomerFoundOnceAndThePaymentRecorded() {
    SimulatedShop.PlacedOrder first =
        place(
            "ada@example.com",
            SimulatedShop.OrderLineSpec.of(sku(0), 2, "10.00"),
            new SimulatedShop.OrderLineSpec(
                sku(1), 1, new BigDecimal("25.00"), new BigDecimal("5.00"), new BigDecimal("0.20")),
            SimulatedShop.OrderLineSpec.of(sku(2), 3, "1.50"));
    OrderStore.OrderLink link = awaitInBrightpearl(first);

    List<SimOrders.Order> created = salesOrdersOf(first);
    assertThat(created).hasSize(1);
    SimOrders.Order order = created.get(0);
    assertThat(order.id()).isEqualTo(link.brightpearlOrderId());
    assertThat(order.ref()).isEqualTo(first.name());
    assertThat(order.channelId()).isEqualTo(3);
    assertThat(order.warehouseId()).isEqualTo(1);
    assertThat(order.statusId()).isEqualTo(2);
    assertThat(order.currency()).isEqualTo("GBP");
    assertThat(order.rows()).hasSize(4); // three products and the shipping line
    assertThat(order.rows().get(0).productId()).isEqualTo(productId(sku(0)));
    assertThat(order.rows().get(0).quantity()).isEqualTo(2);
    assertThat(order.rows().get(0).net()).isEqualByComparingTo("20.00");
    assertThat(order.rows().get(0).tax()).isEqualByComparingTo("4.00");
    assertThat(order.rows().get(1).net()).isEqualByComparingTo("20.00"); // discount taken off
    assertThat(order.rows().get(3).productId()).isNull();
    assertThat(order.rows().get(3).name()).isEqualTo("Shipping: Standard");
    assertThat(order.rows().get(3).net()).isEqualByComparingTo("4.99");
    // Brightpearl allocated the rows: their on-hand figure fell.
    assertThat(order.allocated()).containsEntry(productId(sku(0)), 2);
    assertThat(brightpearlOrders().contacts()).hasSize(1);
    assertThat(brightpearlOrders().payments())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.orderId()).isEqualTo(order.id());
              assertThat(p.paymentType()).isEqualTo("RECEIPT");
              assertThat(p.paymentMethodCode()).isEqualTo("SHOPIFY");
            });
    long callsBefore = lab.brightpearl().counters().get("requests");

    // A returning customer: found in the contact cache, no lookup; a new one: not in the contact
    // search begun after its order came, so created.
    SimulatedShop.PlacedOrder again =
        place("ADA@example.com", SimulatedShop.OrderLineSpec.of(sku(3), 1, "9.99"));
    awaitInBrightpearl(again);
    long callsForReturning = lab.brightpearl().counters().get("requests") - callsBefore;
    SimulatedShop.PlacedOrder other =
        place("bob@example.com", SimulatedShop.OrderLineSpec.of(sku(3), 1, "9.99"));
    awaitInBrightpearl(other);
    assertThat(salesOrdersOf(again).get(0).customerId()).isEqualTo(order.customerId());
    assertThat(salesOrdersOf(other).get(0).customerId()).isNotEqualTo(order.customerId());
    assertThat(brightpearlOrders().contacts()).hasSize(2);
    assertThat(callsForReturning).as("sales order + payment only").isLessThanOrEqualTo(3);
    assertThat(brightpearlOrders().salesOrders()).hasSize(3);

    // A customer Brightpearl knows but we do not (made there): the contact search finds it, and
    // no second contact is made.
    long carol = brightpearlOrders().createContact("carol@example.com", "Carol", "Known");
    SimulatedShop.PlacedOrder known =
        place("Carol@Example.com", SimulatedShop.OrderLineSpec.of(sku(3), 1, "9.99"));
    awaitInBrightpearl(known);
    assertThat(salesOrdersOf(known).get(0).customerId()).isEqualTo(carol);
    assertThat(brightpearlOrders().contacts()).hasSize(3);
  }

  @Test
  void duplicatedWebhooksAndReplaysCreateNothingTwice() {
    lab.shopify().faults().set(new FaultSettings(0, 0, 0, 0, 30_000, 0, 0, 0, 1.0, 0));
    SimulatedShop.PlacedOrder order =
        place("cy@example.com", SimulatedShop.OrderLineSpec.of(sku(4), 1, "5.00"));
    awaitInBrightpearl(order);
    lab.shopify().faults().set(FaultSettings.NONE);
    // Each delivery came twice: the copies were one event (same X-Shopify-Event-Id).
    EventRecord created = createEvent(order);
    // Replays of the event by an operator, and a second creation webhook (orders/updated).
    ReplayService replay =
        new ReplayService(
            lab.node().storage().events(),
            io.stockbridge.flow.FlowCatalog.router(lab.node().config(), List.of()),
            java.time.Clock.systemUTC());
    replay.replayOne(created.id(), "test");
    replay.replayOne(created.id(), "test");
    lab.node().dispatcher().wake();
    Eventually.await(
        "the replays done",
        WAIT,
        () ->
            lab.node().storage().queue().stats().ready() == 0
                && lab.node().storage().queue().stats().running() == 0);
    assertThat(salesOrdersOf(order)).hasSize(1);
    assertThat(brightpearlOrders().payments()).hasSize(1);
    assertThat(brightpearlOrders().createCalls()).isEqualTo(1);
  }

  EventRecord createEvent(SimulatedShop.PlacedOrder order) {
    List<EventRecord> found =
        lab
            .node()
            .storage()
            .events()
            .search(
                new EventQuery(
                    null,
                    "shopify",
                    FlowKinds.ORDERS_CREATE,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    10))
            .events()
            .stream()
            .filter(e -> String.valueOf(order.id()).equals(e.key()))
            .toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void anOrderForASkuBrightpearlDoesNotKnowParksRaisesAnIssueAndResumesWhenTheProductAppears() {
    String newSku = "NEW-SKU-1";
    shop.addProduct("New thing", List.of(newSku), Map.of(lab.locationId("shop-a", "Main"), 4));
    SimulatedShop.PlacedOrder order =
        place(
            "dee@example.com",
            SimulatedShop.OrderLineSpec.of(sku(5), 1, "3.00"),
            SimulatedShop.OrderLineSpec.of(newSku, 2, "7.00"));
    Eventually.await(
        "the order parked",
        WAIT,
        () ->
            orders()
                .find("shop-a", String.valueOf(order.id()))
                .filter(l -> l.state() == OrderStore.State.PARKED)
                .isPresent());
    assertThat(orders().find("shop-a", String.valueOf(order.id())).orElseThrow().parkedSku())
        .isEqualTo(newSku);
    assertThat(lab.node().storage().issues().list(50))
        .anySatisfy(issue -> assertThat(issue.sample()).contains(newSku).contains(order.name()));
    assertThat(salesOrdersOf(order)).isEmpty();

    // The merchant creates the product in Brightpearl: its product.created webhook resumes it.
    SimData.Product template = lab.brightpearl().catalog().allProducts().get(0);
    long id = lab.brightpearl().catalog().nextProductId();
    lab.brightpearl()
        .catalog()
        .putProduct(
            new SimData.Product(
                id,
                template.brandId(),
                "New thing",
                newSku,
                null,
                null,
                null,
                null,
                true,
                template.categoryIds(),
                "",
                List.of(),
                Map.of(),
                template.createdOn(),
                template.updatedOn()));
    lab.brightpearl().catalog().putStock(id, 1, new SimData.Stock(10, 0, 0));
    lab.brightpearl().webhooks().fire("product.created", IdSet.of(id));

    awaitInBrightpearl(order);
    assertThat(salesOrdersOf(order))
        .singleElement()
        .satisfies(o -> assertThat(o.rows().get(1).productId()).isEqualTo(id));
  }

  @Test
  void cancellationRefundWithRestockAndPartialThenFullShipmentsEachHappenOnce() {
    String a = sku(6);
    String b = sku(7);
    SimulatedShop.PlacedOrder order =
        place(
            "eve@example.com",
            SimulatedShop.OrderLineSpec.of(a, 3, "10.00"),
            SimulatedShop.OrderLineSpec.of(b, 2, "4.00"));
    OrderStore.OrderLink link = awaitInBrightpearl(order);
    long salesOrder = link.brightpearlOrderId();

    // A partial shipment (2 of A), then the rest: two fulfilments with their tracking.
    SimOrders.GoodsOutNote partial =
        brightpearlOrders().createGoodsOutNote(salesOrder, Map.of(productId(a), 2));
    brightpearlOrders().ship(partial.id(), "Royal Mail", "RM123");
    Eventually.await(
        "the partial fulfilment", WAIT, () -> shop.fulfillments(order.id()).size() == 1);
    assertThat(shop.fulfillments(order.id()).get(0))
        .satisfies(
            f -> {
              assertThat(f.company()).isEqualTo("Royal Mail");
              assertThat(f.number()).isEqualTo("RM123");
              assertThat(f.url()).contains("RM123");
              assertThat(f.quantities()).isEqualTo(Map.of(a, 2));
            });
    SimOrders.GoodsOutNote rest =
        brightpearlOrders()
            .createGoodsOutNote(salesOrder, Map.of(productId(a), 1, productId(b), 2));
    brightpearlOrders().ship(rest.id(), "DPD", "DPD-9");
    Eventually.await("the full fulfilment", WAIT, () -> shop.fulfillments(order.id()).size() == 2);
    assertThat(shop.fulfillments(order.id()).get(1).quantities()).isEqualTo(Map.of(a, 1, b, 2));
    // The shipped webhook again (Brightpearl retries): nothing more.
    lab.brightpearl().webhooks().fire(SimOrders.GOODS_OUT_SHIPPED, IdSet.of(rest.id()));

    // A refund of one B, restocked: a sales credit with the row and a goods-in; then a duplicate.
    long stockBefore = lab.brightpearl().catalog().stock(productId(b)).get(1L).inStock();
    long refundId = shop.refund(order.id(), Map.of(b, 1), true);
    Eventually.await(
        "the sales credit",
        WAIT,
        () ->
            !brightpearlOrders()
                .byExternalRef("shopify-shop-a-refund-" + refundId, true)
                .isEmpty());
    SimOrders.Order credit =
        brightpearlOrders().byExternalRef("shopify-shop-a-refund-" + refundId, true).get(0);
    assertThat(credit.parentId()).isEqualTo(salesOrder);
    assertThat(credit.rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.productId()).isEqualTo(productId(b));
              assertThat(r.quantity()).isEqualTo(1);
            });
    Eventually.await(
        "the restock",
        WAIT,
        () -> lab.brightpearl().catalog().stock(productId(b)).get(1L).inStock() == stockBefore + 1);

    // Another order, cancelled: its status in Brightpearl becomes the cancelled one, stock freed.
    SimulatedShop.PlacedOrder cancelled =
        place("eve@example.com", SimulatedShop.OrderLineSpec.of(sku(8), 2, "6.00"));
    long cancelledId = awaitInBrightpearl(cancelled).brightpearlOrderId();
    long onHandBefore = lab.brightpearl().catalog().stock(productId(sku(8))).get(1L).onHand();
    shop.cancelOrder(cancelled.id(), true);
    Eventually.await(
        "the cancellation",
        WAIT,
        () -> brightpearlOrders().order(cancelledId).orElseThrow().statusId() == 5);
    assertThat(lab.brightpearl().catalog().stock(productId(sku(8))).get(1L).onHand())
        .isEqualTo(onHandBefore + 2);

    Eventually.await(
        "the queue drained",
        WAIT,
        () ->
            lab.node().storage().queue().stats().ready() == 0
                && lab.node().storage().queue().stats().running() == 0);
    assertThat(shop.fulfillments(order.id())).hasSize(2);
    assertThat(brightpearlOrders().orders().stream().filter(SimOrders.Order::credit)).hasSize(1);
    // The order's path, as the admin API shows it.
    io.stockbridge.testhelper.TestHttp http =
        new io.stockbridge.testhelper.TestHttp(lab.node().port());
    var path =
        http.get(
            "/api/stores/shop-a/orders/" + order.id(),
            Map.of("Authorization", "Bearer " + SyncLab.API_KEY));
    assertThat(path.status()).as(path.raw()).isEqualTo(200);
    assertThat(path.json().path("brightpearlOrderId").asLong()).isEqualTo(salesOrder);
    assertThat(path.json().path("actions").toString()).contains("fulfil|").contains("refund|");
    assertThat(
            http.get(
                    "/api/orders?name="
                        + java.net.URLEncoder.encode(
                            order.name(), java.nio.charset.StandardCharsets.UTF_8),
                    Map.of("Authorization", "Bearer " + SyncLab.API_KEY))
                .json()
                .path("orders"))
        .hasSize(1);
    assertThat(lab.node().storage().queue().stats().dead()).isZero();
  }
}
