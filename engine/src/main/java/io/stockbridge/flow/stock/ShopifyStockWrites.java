package io.stockbridge.flow.stock;

import io.stockbridge.connector.shopify.InventoryActivation;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.connector.shopify.QuantityResult;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.UserError;
import io.stockbridge.event.EventLog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.flow.stock.WriteBuffer.Buffered;
import io.stockbridge.observe.Scoped;
import io.stockbridge.observe.Tracing;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.SyncState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a store's levels with {@code inventorySetQuantities}, {@value #WRITE_BATCH} per call: a
 * flush's levels go to the store's {@link WriteBuffer}, full calls are sent at once (on the flush's
 * thread) and a partial call when the coalescer's policy says so. Each call carries {@code
 * gid://stockbridge/SyncBatch/<id>} (the batch row names the events). Per level: applied levels are
 * recorded as pushed before any owner settles; an item the store no longer knows forgets its id map
 * line; a level whose item is not stocked at its location (adopted by SKU, or a location mapped
 * later) is stocked there with {@code inventoryActivate}, which sets its quantity in the same call.
 * Thread-safe.
 */
final class ShopifyStockWrites extends StoreWrites {
  /** Levels per {@code inventorySetQuantities} call (Shopify's input array limit). */
  static final int WRITE_BATCH = 250;

  private static final Logger LOG = LoggerFactory.getLogger(ShopifyStockWrites.class);

  /**
   * {@code inventorySetQuantities} codes for an item not stocked at the location: 2026-10 answers
   * {@code INVALID_LOCATION} (older versions {@code ITEM_NOT_STOCKED_AT_LOCATION}).
   */
  private static final Set<String> NOT_STOCKED =
      Set.of("INVALID_LOCATION", "ITEM_NOT_STOCKED_AT_LOCATION");

  private final String store;
  private final ShopifyConnector shopify;
  private final SyncState state;
  private final EventLog events;
  private final Clock clock;
  private final WriteBuffer buffer = new WriteBuffer();
  private final UnseenSales unseenSales = new UnseenSales();
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

  ShopifyStockWrites(
      String store, ShopifyConnector shopify, SyncState state, EventLog events, Clock clock) {
    this.store = store;
    this.shopify = shopify;
    this.state = state;
    this.events = events;
    this.clock = clock;
  }

  @Override
  void submit(List<Planned> writes, long plannedAt) {
    for (Planned write : writes) {
      ProductWrite owner =
          new ProductWrite(store, write.product(), write.sku(), write.changes().size());
      // A figure written since this flush read what was pushed is not written again.
      for (Map.Entry<QuantityChange, String> written :
          buffer
              .add(
                  owner,
                  write.changes(),
                  write.targets(),
                  write.received(),
                  write.pushed(),
                  write.readAt(),
                  plannedAt)
              .entrySet()) {
        owner.applied(written.getKey(), written.getValue());
      }
    }
    writeFullCalls();
  }

  @Override
  int buffered() {
    return buffer.size();
  }

  @Override
  Set<String> planning(java.util.Collection<String> keys, long readAt, long now) {
    return buffer.planning(keys, readAt, now);
  }

  @Override
  Map<String, Integer> unseen(Map<String, String> skuByKey, Map<String, Long> receivedUnits) {
    return unseenSales.unseenByKey(skuByKey, receivedUnits, clock.millis());
  }

  @Override
  Map<String, Integer> expected(Map<String, String> skuByKey, Map<String, Long> receivedUnits) {
    return unseenSales.expectedByKey(skuByKey, receivedUnits, clock.millis());
  }

  /**
   * What to send for {@code level}: for a store whose sales we hear of, its target less the sales
   * not yet heard of, compared with what our last write left there (or, with no such write known,
   * with the level last recorded); otherwise the planned level, with no comparison.
   */
  private QuantityChange toSend(Buffered level, int[] unseen, int index, long now) {
    QuantityChange planned = level.change;
    if (level.received == null) {
      return planned;
    }
    UnseenSales.Basis basis = unseenSales.basis(key(planned));
    if (basis == null) {
      return new QuantityChange(
          planned.inventoryItemId(), planned.locationId(), level.target, level.lastPushed);
    }
    // The store took the sales received since our write off itself: compare with that figure.
    int expected = UnseenSales.expected(basis, level.received, now);
    unseen[index] = UnseenSales.unseen(basis, expected, level.received, now);
    return new QuantityChange(
        planned.inventoryItemId(),
        planned.locationId(),
        Math.max(0, level.target - unseen[index]),
        expected);
  }

  /**
   * The store moved a level since our last write (its own sales or restocks): the level is
   * re-planned with the sales not yet heard of held back, against what the store holds now. With no
   * write of ours known, the planned figure is set against it (as before this rule).
   */
  private QuantityChange rebase(
      Buffered level, int[] unseen, int index, QuantityChange sent, int current, long now) {
    if (level.received == null) {
      return new QuantityChange(
          sent.inventoryItemId(), sent.locationId(), sent.quantity(), current);
    }
    UnseenSales.Basis basis = unseenSales.basis(key(sent));
    if (basis == null && level.lastPushed == null) {
      // Never written nor recorded (a product just created at 0, an item adopted by SKU): no
      // figure to tell the store's own movement by; the plan's figure is set.
      return new QuantityChange(
          sent.inventoryItemId(), sent.locationId(), sent.quantity(), current);
    }
    if (basis == null) {
      // No write of ours known (the first since this node started, or another node wrote last),
      // but the level last recorded (our write, or reconciliation's reading): the store's own fall
      // since then, as far as it leaves the store below the plan, may be sales not yet heard of
      // (Shopify took them off; their orders are not received), so the level is not raised over
      // them. Held back as unseen, they are released as their orders arrive (or given up after
      // the hold), like those of a level with a write known.
      unseen[index] = UnseenSales.unseenSinceRecorded(level.lastPushed, current, level.target);
      LOG.debug(
          "{} on {} holds {} below the plan ({}) with no write of ours known: {} unit(s) held back",
          sent.inventoryItemId(),
          store,
          current,
          level.target,
          unseen[index]);
    } else {
      unseen[index] = UnseenSales.unseen(basis, current, level.received, now);
      LOG.debug(
          "{} moved on {} since our write ({} -> {}): {} unit(s) of sales not yet received held"
              + " back",
          sent.inventoryItemId(),
          store,
          basis.written(),
          current,
          unseen[index]);
    }
    return new QuantityChange(
        sent.inventoryItemId(),
        sent.locationId(),
        Math.max(0, level.target - unseen[index]),
        current);
  }

  private static String key(QuantityChange change) {
    return SyncState.levelKey(change.inventoryItemId(), change.locationId());
  }

  /** Writes every full call's worth of buffered changes of {@code store}. */
  private void writeFullCalls() {
    while (true) {
      List<Buffered> chunk = buffer.take(WRITE_BATCH, true);
      if (chunk.isEmpty()) {
        return;
      }
      write(chunk);
    }
  }

  @Override
  void writeLeftovers(Coalescer policy) {
    long age = buffer.oldestAge(clock.millis());
    if (age >= 0 && policy.writePartialNow(buffer.size(), WRITE_BATCH, age)) {
      List<Buffered> chunk = buffer.take(WRITE_BATCH, false);
      if (!chunk.isEmpty()) {
        LOG.debug("partial write to {}: {} level(s), oldest {} ms", store, chunk.size(), age);
        writers.execute(() -> write(chunk));
      }
    }
  }

  /** One {@code inventorySetQuantities} call (up to 250 levels); settles each level's owners. */
  private void write(List<Buffered> chunk) {
    // The call serves levels of many events, flushed at different times: a span of its own,
    // linked to each of them.
    List<io.opentelemetry.context.Context> traces = new ArrayList<>();
    for (Buffered level : chunk) {
      for (ProductWrite owner : level.owners) {
        owner.product.traces(store, traces);
      }
    }
    try (Scoped batch = Tracing.joinBatch("stock.write", FlowKinds.STOCK_SYNC, store, traces)) {
      writeTraced(chunk);
    }
  }

  private void writeTraced(List<Buffered> chunk) {
    LOG.debug("writing {} level(s) to {}", chunk.size(), store);
    try {
      Set<Long> eventIds = new LinkedHashSet<>();
      for (Buffered level : chunk) {
        for (ProductWrite owner : level.owners) {
          owner.eventIds(eventIds);
        }
      }
      long now = clock.millis();
      String reference;
      List<QuantityResult> results;
      int[] unseen = new int[chunk.size()];
      List<QuantityChange> sending = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        sending.add(toSend(chunk.get(i), unseen, i, now));
      }
      // Anything that fails before the store answers fails every owner: an owner left unsettled
      // would keep its item's handler waiting (and its lease renewed) for ever.
      try {
        long batchId = events.createBatch(batchName(store, eventIds), chunk.size(), now);
        reference = BATCH_REFERENCE + batchId;
        results =
            shopify.setQuantities(
                "available",
                "correction",
                reference,
                sending,
                (index, sent, current) ->
                    rebase(chunk.get(index), unseen, index, sent, current, clock.millis()));
      } catch (RuntimeException e) {
        LOG.warn("stock write to {} failed for {} level(s): {}", store, chunk.size(), e.toString());
        for (Buffered level : chunk) {
          level.owners.forEach(o -> o.fail(new ProductOutcome.Error(e)));
        }
        return;
      }
      List<PushedLevel> applied = new ArrayList<>();
      ProductOutcome[] failures = new ProductOutcome[chunk.size()];
      for (int i = 0; i < chunk.size(); i++) {
        Buffered level = chunk.get(i);
        QuantityResult result = i < results.size() ? results.get(i) : null;
        ProductOutcome failure = null;
        if (result == null) {
          failure = new ProductOutcome.Retry(StockFlow.retrySoon(), "no answer from the store");
        } else if (result.outcome() == QuantityResult.Outcome.APPLIED) {
          level.change = result.change();
          applied.add(pushed(level.change));
          unseenSales.written(
              key(level.change), level.change.quantity(), unseen[i], level.received, now);
        } else if (result.outcome() == QuantityResult.Outcome.STALE) {
          failure =
              new ProductOutcome.Retry(
                  StockFlow.retrySoon(), "quantity kept changing on the store");
        } else if ("INVALID_INVENTORY_ITEM".equals(result.code())) {
          // The store says the item is gone: forget it, look it up (or create it) again.
          for (ProductWrite owner : level.owners) {
            try {
              state.forgetStoreProduct(store, owner.product.productId);
            } catch (RuntimeException e) {
              LOG.warn("could not forget the id map line of {}: {}", owner.sku, e.toString());
            }
          }
          failure =
              new ProductOutcome.Retry(
                  StockFlow.retrySoon(),
                  "the store no longer knows the inventory item; looking it up again");
        } else if (result.code() != null && NOT_STOCKED.contains(result.code())) {
          // Adopted by SKU, or a location mapped later: stock the item there with the level.
          failure = activate(level.change);
          if (failure == null) {
            applied.add(pushed(level.change));
            unseenSales.written(key(level.change), level.change.quantity(), 0, level.received, now);
          }
        } else {
          failure =
              new ProductOutcome.Rejected(
                  shortLocation(level.change.locationId())
                      + ": "
                      + result.code()
                      + " "
                      + result.message());
        }
        failures[i] = failure;
      }
      // Recorded before any owner settles: once its item is done, the next item of the product may
      // run on another node, and must see what was written.
      try {
        state.putPushedLevels(applied, clock.millis());
      } catch (RuntimeException e) {
        // The writes happened; settle their owners anyway (a later run may write them once more).
        LOG.warn(
            "recording {} level(s) written to {} failed: {}", applied.size(), store, e.toString());
      }
      List<Buffered> alreadyWritten = buffer.done(chunk, applied, reference, clock.millis());
      for (int i = 0; i < chunk.size(); i++) {
        Buffered level = chunk.get(i);
        for (ProductWrite owner : level.owners) {
          if (failures[i] == null) {
            owner.applied(level.change, reference);
          } else {
            owner.fail(failures[i]);
          }
        }
      }
      for (Buffered level : alreadyWritten) {
        level.owners.forEach(owner -> owner.applied(level.change, reference));
      }
    } finally {
      buffer.done(chunk, List.of(), null, clock.millis());
    }
  }

  /**
   * Stocks a level's item at its location with the wanted quantity ({@code inventoryActivate}, one
   * call per level); null when the location now holds that quantity, else the level's failure.
   */
  private ProductOutcome activate(QuantityChange change) {
    InventoryActivation activation;
    try {
      activation =
          shopify.activateInventory(
              change.inventoryItemId(), change.locationId(), change.quantity());
    } catch (RuntimeException e) {
      LOG.warn(
          "activating {} at {} on {} failed: {}",
          change.inventoryItemId(),
          change.locationId(),
          store,
          e.toString());
      return new ProductOutcome.Error(e);
    }
    if (!activation.userErrors().isEmpty()) {
      return new ProductOutcome.Rejected(
          shortLocation(change.locationId())
              + ": not stocked there and could not be stocked: "
              + String.join(
                  "; ", activation.userErrors().stream().map(UserError::message).toList()));
    }
    if (activation.available() == null || activation.available() != change.quantity()) {
      // Stocked there meanwhile (activation keeps an existing level's quantities): set it again.
      return new ProductOutcome.Retry(
          StockFlow.retrySoon(), "stocked at " + shortLocation(change.locationId()) + " meanwhile");
    }
    return null;
  }

  private PushedLevel pushed(QuantityChange change) {
    return new PushedLevel(store, change.inventoryItemId(), change.locationId(), change.quantity());
  }
}
