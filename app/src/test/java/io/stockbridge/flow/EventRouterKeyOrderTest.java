package io.stockbridge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.event.NewWork;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two items for the same product and store could race (the sync flows never used the queue's
 * per-key ordering): a product's update and its destroy share one ordered key, and stock items of
 * one product and store share an exclusive key, so no two nodes push the same figure.
 */
class EventRouterKeyOrderTest {
  private static final String STORE = "shop";

  private final EventRouter router =
      new EventRouter(
          List.of(
              new Route(
                  "brightpearl",
                  "product.modified",
                  "product.sync",
                  20,
                  KeyOrder.ordered("product.sync"),
                  STORE,
                  false),
              new Route(
                  "brightpearl",
                  "product.destroyed",
                  "product.destroy",
                  20,
                  KeyOrder.ordered("product.sync"),
                  STORE,
                  false),
              new Route(
                  "brightpearl",
                  "product.modified.on-hand-modified",
                  "stock.sync",
                  10,
                  KeyOrder.exclusive("stock.sync"),
                  STORE,
                  false),
              new Route(
                  "brightpearl",
                  "category.modified",
                  "category.sync",
                  20,
                  KeyOrder.NONE,
                  STORE,
                  false)),
          5);

  @Test
  void a_product_update_and_its_destroy_share_one_ordered_key_so_the_destroy_never_overtakes() {
    NewWork update = only(router.route("brightpearl", "product.modified", "1042", null, 0));
    NewWork destroy = only(router.route("brightpearl", "product.destroyed", "1042", null, 0));

    assertThat(update.itemKey()).isNotNull().isEqualTo(destroy.itemKey());
    assertThat(update.kind()).isNotEqualTo(destroy.kind());
    assertThat(update.exclusiveKey()).isNull();
  }

  @Test
  void stock_items_of_one_product_and_store_share_an_exclusive_key_and_are_not_ordered() {
    NewWork first =
        only(router.route("brightpearl", "product.modified.on-hand-modified", "1042", null, 0));
    NewWork second =
        only(router.route("brightpearl", "product.modified.on-hand-modified", "1042", null, 1));
    NewWork otherProduct =
        only(router.route("brightpearl", "product.modified.on-hand-modified", "1043", null, 1));

    assertThat(first.exclusiveKey()).isNotNull().isEqualTo(second.exclusiveKey());
    assertThat(otherProduct.exclusiveKey()).isNotEqualTo(first.exclusiveKey());
    assertThat(first.itemKey()).isNull();
  }

  @Test
  void an_unordered_route_sets_no_key() {
    NewWork category = only(router.route("brightpearl", "category.modified", "12", null, 0));
    assertThat(category.itemKey()).isNull();
    assertThat(category.exclusiveKey()).isNull();
  }

  private static NewWork only(List<NewWork> work) {
    assertThat(work).hasSize(1);
    return work.get(0);
  }
}
