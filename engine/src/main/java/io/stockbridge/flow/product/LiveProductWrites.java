package io.stockbridge.flow.product;

import io.stockbridge.connector.shopify.ProductSetResult;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.UserError;
import io.stockbridge.connector.shopify.VariantRef;
import io.stockbridge.flow.product.ProductResult.Action;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Product writes sent to the store: {@code productSet} one by one, or as one bulk operation above
 * {@code products.bulkThreshold}; an update of a product the store no longer has creates it again.
 * Destroys archive ({@code productSet} status ARCHIVED) or delete ({@code productDelete}).
 * Thread-safe.
 */
final class LiveProductWrites extends ProductWrites {
  private final String store;
  private final ShopifyConnector shopify;
  private final SyncState state;
  private final Supplier<List<String>> locations;
  private final int bulkThreshold;

  LiveProductWrites(
      String store,
      ShopifyConnector shopify,
      SyncState state,
      Supplier<List<String>> locations,
      int bulkThreshold) {
    this.store = store;
    this.shopify = shopify;
    this.state = state;
    this.locations = locations;
    this.bulkThreshold = bulkThreshold;
  }

  @Override
  void set(
      List<ProductSync.Write> writes,
      Map<Long, Long> eventOf,
      long now,
      Map<Long, ProductResult> results,
      List<StoreProduct> lines) {
    if (writes.isEmpty()) {
      return;
    }
    List<String> locations = this.locations.get();
    List<ProductSetResult> answers;
    if (writes.size() > bulkThreshold) {
      answers =
          shopify.productSetBulk(
              writes.stream().map(w -> w.input(locations)).toList(),
              writes.stream().map(ProductSync.Write::identifier).toList());
    } else {
      answers = new ArrayList<>();
      for (ProductSync.Write write : writes) {
        answers.add(
            write.create()
                ? shopify.productSet(write.input(locations), ProductMapper.handle(write.product()))
                : shopify.productSetById(write.input(locations), write.shopifyProduct()));
      }
    }
    List<ProductSync.Write> recreate = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      ProductSync.Write write = writes.get(i);
      ProductSetResult answer = answers.get(i);
      if (!write.create() && ProductSync.gone(answer)) {
        // The store no longer has the product we knew: forget it and create it again.
        state.forgetStoreProduct(store, write.product().productId());
        lines.removeIf(l -> l.productId() == write.product().productId());
        recreate.add(ProductSync.Write.create(write.product()));
        continue;
      }
      record(write, answer, results, lines);
    }
    for (ProductSync.Write write : recreate) {
      ProductSetResult answer =
          shopify.productSet(write.input(locations), ProductMapper.handle(write.product()));
      record(write, answer, results, lines);
    }
  }

  private void record(
      ProductSync.Write write,
      ProductSetResult answer,
      Map<Long, ProductResult> results,
      List<StoreProduct> lines) {
    ProductMapper.Mapped product = write.product();
    if (!answer.ok() || answer.productId() == null) {
      results.put(
          product.productId(),
          new ProductResult(
              product.productId(),
              product.sku(),
              Action.FAILED,
              write.shopifyProduct(),
              "productSet refused for "
                  + product.sku()
                  + ": "
                  + answer.userErrors().stream().map(UserError::message).toList()));
      return;
    }
    VariantRef variant =
        answer.variants().stream()
            .filter(v -> product.sku().equals(v.sku()))
            .findFirst()
            .orElse(answer.variants().isEmpty() ? null : answer.variants().get(0));
    VariantRef ref =
        new VariantRef(
            product.sku(),
            variant == null ? null : variant.variantId(),
            answer.productId(),
            variant == null ? null : variant.inventoryItemId());
    lines.add(ProductSync.line(store, product, ref, product.hash()));
    results.put(
        product.productId(),
        new ProductResult(
            product.productId(),
            product.sku(),
            write.create() ? Action.CREATED : Action.UPDATED,
            answer.productId(),
            (write.create() ? "created " : "updated ")
                + answer.productId()
                + " for SKU "
                + product.sku()));
  }

  @Override
  Map<Long, ProductResult> destroy(
      List<StoreProduct> targets,
      boolean delete,
      Long eventId,
      long now,
      List<StoreProduct> lines) {
    Map<Long, ProductResult> results = new LinkedHashMap<>();
    StoreProduct.State wanted = delete ? StoreProduct.State.DELETED : StoreProduct.State.ARCHIVED;
    String verb = delete ? "deleted" : "archived";
    for (StoreProduct line : targets) {
      long id = line.productId();
      String target = line.shopifyProduct();
      List<UserError> errors = delete ? shopify.productDelete(target) : archive(target);
      if (errors.isEmpty()) {
        lines.add(line.withState(wanted));
        results.put(
            id,
            new ProductResult(
                id,
                line.sku(),
                delete ? Action.DELETED : Action.ARCHIVED,
                target,
                verb + " " + target + " (SKU " + line.sku() + ")"));
      } else if (errors.stream()
          .anyMatch(e -> e.message().toLowerCase(Locale.ROOT).contains("does not exist"))) {
        state.forgetStoreProduct(store, id);
        results.put(
            id,
            new ProductResult(
                id,
                line.sku(),
                Action.SKIPPED,
                target,
                target + " was already gone from the store"));
      } else {
        results.put(
            id,
            new ProductResult(
                id,
                line.sku(),
                Action.FAILED,
                target,
                verb
                    + " refused for "
                    + line.sku()
                    + ": "
                    + errors.stream().map(UserError::message).toList()));
      }
    }
    return results;
  }

  private List<UserError> archive(String productId) {
    ProductSetResult answer = shopify.productSetById(Map.of("status", "ARCHIVED"), productId);
    return answer.userErrors();
  }
}
