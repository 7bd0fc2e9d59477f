package io.stockbridge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.event.NewWork;
import io.stockbridge.testhelper.TestConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The work the flows raise for each other goes through the router (the stock flow enqueued product
 * creations, and the product flow stock items, behind its back): each gets the keys of the flow it
 * goes to, and only stores that run that flow get it.
 */
class FlowCatalogRoutesTest {
  private final EventRouter router =
      FlowCatalog.router(
          TestConfigs.config(
              "jdbc:sqlite:unused.db",
              """
              warehouse:
                account: acme
                datacentre: euw1
                appRef: app
                accountToken: tok
              stores:
                both:
                  accessToken: shpat_1
                  locations: {Main: [1]}
                stock-only:
                  accessToken: shpat_2
                  locations: {Main: [1]}
                  flows: [stock]
                products-only:
                  accessToken: shpat_3
                  locations: {Main: [1]}
                  flows: [products]
              """),
          List.of());

  @Test
  void a_missing_products_creation_shares_the_ordered_key_of_the_products_updates_and_destroy() {
    NewWork creation = only(FlowKinds.PRODUCT_MISSING, "both");
    NewWork update = forStore(FlowKinds.BRIGHTPEARL, FlowKinds.PRODUCT_MODIFIED, "both");
    NewWork destroy = forStore(FlowKinds.BRIGHTPEARL, FlowKinds.PRODUCT_DESTROYED, "both");

    assertThat(creation.kind()).isEqualTo(FlowKinds.PRODUCT_SYNC);
    assertThat(creation.itemKey()).isNotNull().isEqualTo(update.itemKey());
    assertThat(destroy.itemKey()).isEqualTo(creation.itemKey());
  }

  @Test
  void a_store_without_the_products_flow_routes_no_creation() {
    assertThat(routed(FlowKinds.PRODUCT_MISSING, "stock-only"))
        .extracting(NewWork::kind)
        .doesNotContain(FlowKinds.PRODUCT_SYNC);
  }

  @Test
  void a_stock_refresh_shares_the_exclusive_key_of_the_products_stock_webhooks() {
    NewWork refresh = only(FlowKinds.STOCK_REFRESH, "both");
    NewWork webhook = forStore(FlowKinds.BRIGHTPEARL, FlowKinds.ON_HAND_MODIFIED, "both");

    assertThat(refresh.kind()).isEqualTo(FlowKinds.STOCK_SYNC);
    assertThat(refresh.store()).isEqualTo("both");
    assertThat(refresh.exclusiveKey()).isNotNull().isEqualTo(webhook.exclusiveKey());
    assertThat(refresh.priority()).isEqualTo(FlowCatalog.STOCK_PRIORITY);
  }

  @Test
  void a_store_without_the_stock_flow_routes_no_stock_refresh() {
    assertThat(routed(FlowKinds.STOCK_REFRESH, "products-only"))
        .extracting(NewWork::kind)
        .doesNotContain(FlowKinds.STOCK_SYNC);
    assertThat(only(FlowKinds.STOCK_REFRESH, "stock-only").store()).isEqualTo("stock-only");
  }

  private List<NewWork> routed(String type, String store) {
    return router.route(FlowKinds.STOCKBRIDGE, type, "1042", store, 0);
  }

  private NewWork only(String type, String store) {
    List<NewWork> work = routed(type, store);
    assertThat(work).hasSize(1);
    return work.get(0);
  }

  private NewWork forStore(String source, String type, String store) {
    return router.route(source, type, "1042", null, 0).stream()
        .filter(w -> store.equals(w.store()))
        .findFirst()
        .orElseThrow();
  }
}
