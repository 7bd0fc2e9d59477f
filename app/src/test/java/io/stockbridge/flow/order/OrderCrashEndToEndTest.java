package io.stockbridge.flow.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.NodeProcess;
import io.stockbridge.demo.OrderLab;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.order.OrderStore;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node is killed (SIGKILL) after Brightpearl created the sales order and before the node could
 * record it: the node that takes the order over finds it by its reference, and Brightpearl ends up
 * with exactly one sales order. Nodes run as separate processes on a shared PostgreSQL.
 */
@EndToEnd
@OnPostgres
class OrderCrashEndToEndTest {
  @TempDir Path dir;
  private SyncLab lab;
  private String url;

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
    if (url != null) {
      TestDatabases.dropPostgresSchema(url);
    }
  }

  @Test
  void sigkill_between_brightpearls_answer_and_our_commit_still_yields_exactly_one_sales_order() {
    url = TestDatabases.createPostgresSchema();
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                8,
                1,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L).with(OrderLab.ORDERS_YAML)),
                url,
                dir,
                "queue:\n  pollMillis: 20\n  leaseSeconds: 2\n  minRetryDelayMillis: 100\n"));
    lab.seedStoresFromWarehouse(5);
    lab.warmCaches();
    // The lab's own node only takes webhooks in: the work runs in the node processes.
    lab.node().dispatcher().stop(Duration.ofSeconds(5));
    OrderLab.connect(lab, lab.node().port());
    NodeProcess doomed = lab.startNode("doomed");
    lab.brightpearl().orders().onceAfterCreate(doomed::kill);

    String sku = lab.brightpearl().catalog().allProducts().get(0).sku();
    SimulatedShop.PlacedOrder order =
        lab.shopify()
            .shop("shop-a")
            .placeOrder(
                "crash@example.com",
                "GBP",
                List.of(SimulatedShop.OrderLineSpec.of(sku, 2, "12.00")),
                "Standard",
                new BigDecimal("3.00"),
                null);
    Eventually.await("the node killed mid-order", Duration.ofSeconds(60), () -> !doomed.isAlive());
    assertThat(lab.brightpearl().orders().salesOrders()).hasSize(1);
    OrderStore orders = lab.node().storage().orders();
    assertThat(orders.find("shop-a", String.valueOf(order.id())).orElseThrow().state())
        .as("the answer never reached our database")
        .isEqualTo(OrderStore.State.ACCEPTED);

    lab.startNode("survivor");
    Eventually.await(
        "the survivor completes the order",
        Duration.ofSeconds(90),
        () ->
            orders
                .find("shop-a", String.valueOf(order.id()))
                .filter(l -> l.state() == OrderStore.State.IN_BRIGHTPEARL && l.paymentId() != null)
                .isPresent());
    assertThat(lab.brightpearl().orders().byExternalRef("shopify-shop-a-" + order.id(), false))
        .hasSize(1);
    assertThat(lab.brightpearl().orders().createCalls()).isEqualTo(1);
    assertThat(lab.brightpearl().orders().payments()).hasSize(1);
    assertThat(orders.find("shop-a", String.valueOf(order.id())).orElseThrow().brightpearlOrderId())
        .isEqualTo(lab.brightpearl().orders().salesOrders().get(0).id());
  }
}
