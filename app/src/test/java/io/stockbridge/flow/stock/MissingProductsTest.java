package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.flow.FlowCatalog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestConfigs;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A product the store lacks: its creation goes through the router (the stock flow enqueued it
 * behind the router's back), ordered with the product's other product items on the store.
 */
class MissingProductsTest {
  private static final CatalogProduct PRODUCT =
      new CatalogProduct(1042, "SKU-1042", List.of(), List.of());

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(1_000_000);
  private Storage storage;
  private EventRouter router;

  @BeforeEach
  void open() {
    StockbridgeConfig config =
        TestConfigs.config(
            TestDatabases.sqliteUrl(dir),
            """
            warehouse:
              account: acme
              datacentre: euw1
              appRef: app
              accountToken: tok
            stores:
              full:
                accessToken: shpat_1
                locations: {Main: [1]}
              stock-only:
                accessToken: shpat_2
                locations: {Main: [1]}
                flows: [stock]
            """);
    storage = StorageFactory.open(config.database(), clock);
    storage.migrate();
    router = FlowCatalog.router(config, List.of());
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void a_missing_product_is_created_by_the_stores_product_route_and_its_stock_waits_for_it()
      throws Exception {
    ProductOutcome outcome = created().missing("full", PRODUCT, null);

    assertThat(outcome)
        .isEqualTo(
            new ProductOutcome.Waiting(
                FlowKinds.productOnStore("full", 1042),
                "SKU SKU-1042 is not on the store yet; creating it there first"));
    WorkItem item = claimOnly();
    assertThat(item.kind()).isEqualTo(FlowKinds.PRODUCT_SYNC);
    assertThat(item.store()).isEqualTo("full");
    assertThat(item.priority()).isEqualTo(FlowCatalog.PRODUCT_PRIORITY);
    assertThat(new ObjectMapper().readTree(item.args()).path("productIds").asText())
        .isEqualTo("1042");
    // In order with the product's updates and destroy on that store.
    NewWork update =
        router.route(FlowKinds.BRIGHTPEARL, FlowKinds.PRODUCT_MODIFIED, "1042", null, 0).stream()
            .filter(w -> "full".equals(w.store()))
            .findFirst()
            .orElseThrow();
    assertThat(item.itemKey()).isNotNull().isEqualTo(update.itemKey());
  }

  @Test
  void a_product_asked_for_again_within_a_minute_is_created_once() {
    MissingProducts missing = created();
    missing.missing("full", PRODUCT, null);
    clock.advance(Duration.ofSeconds(30));
    missing.missing("full", PRODUCT, null);
    assertThat(storage.queue().stats().ready()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(31));
    missing.missing("full", PRODUCT, null);
    assertThat(storage.queue().stats().ready()).isEqualTo(2);
  }

  @Test
  void a_store_without_the_products_flow_refuses_the_product_and_creates_nothing() {
    ProductOutcome outcome = created().missing("stock-only", PRODUCT, null);

    assertThat(outcome)
        .isEqualTo(
            new ProductOutcome.Rejected(
                "SKU SKU-1042 is not on the store and its products flow is off"));
    assertThat(claim()).isEmpty();
  }

  @Test
  void a_store_in_shadow_mode_creates_nothing_and_does_not_park_the_item() {
    ProductOutcome outcome = MissingProducts.notCreatedInShadow().missing("full", PRODUCT, null);

    assertThat(outcome).isInstanceOf(ProductOutcome.Unchanged.class);
    assertThat(((ProductOutcome.Unchanged) outcome).detail()).startsWith("shadow: SKU SKU-1042");
    assertThat(claim()).isEmpty();
  }

  private MissingProducts created() {
    return MissingProducts.createdThrough(router, storage.queue(), clock);
  }

  private WorkItem claimOnly() {
    List<WorkItem> items = claim();
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private List<WorkItem> claim() {
    long now = clock.millis();
    return storage.queue().claim("test", 10, now, now + 60_000);
  }
}
