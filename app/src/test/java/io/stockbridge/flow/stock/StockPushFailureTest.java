package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventLog;
import io.stockbridge.flow.Backlog;
import io.stockbridge.flow.FlowCatalog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.flow.wiring.SyncFlows;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.sync.SyncContext;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock flow's items finish even when a store write fails before it reaches Shopify. */
@EndToEnd
class StockPushFailureTest {
  @TempDir Path dir;

  @Test
  void a_write_that_fails_recording_its_batch_fails_its_items_instead_of_hanging()
      throws Exception {
    try (SyncLab lab =
        SyncLab.start(
            new SyncLab.Spec(
                5,
                1,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L)),
                TestDatabases.sqliteUrl(dir),
                dir,
                "sync:\n  debounceMillis: 10\n  maxWaitMillis: 50\n  batchFillMillis: 10\n"))) {
      lab.seedStoresFromWarehouse(0);
      SyncContext real = lab.node().sync().orElseThrow();
      EventLog events = real.events();
      EventLog failing =
          (EventLog)
              Proxy.newProxyInstance(
                  EventLog.class.getClassLoader(),
                  new Class<?>[] {EventLog.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("createBatch")) {
                      throw new IllegalStateException("database unavailable");
                    }
                    try {
                      return method.invoke(events, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      SyncContext context =
          new SyncContext(
              real.config(),
              real.state(),
              failing,
              real.queue(),
              new InMemoryBudgetStateStore(),
              Clock.systemUTC());
      Backlog idle =
          new Backlog() {
            @Override
            public boolean pending() {
              return false;
            }

            @Override
            public boolean saturated() {
              return false;
            }

            @Override
            public int maxInFlight() {
              return 20_000;
            }

            @Override
            public long eventsStored() {
              return 0;
            }
          };
      long product = lab.brightpearl().catalog().allProducts().get(0).id();
      WorkItem item =
          new WorkItem(
              1,
              null,
              FlowKinds.STOCK_SYNC,
              null,
              "shop-a",
              10,
              1,
              5,
              0,
              "{\"productIds\":\"" + product + "\"}",
              System.currentTimeMillis(),
              System.currentTimeMillis());
      try (StockFlow flow =
          SyncFlows.stockFlow(
              context, idle, FlowCatalog.router(lab.node().config(), List.of()), HeldBack.NONE)) {
        List<Outcome> outcomes =
            CompletableFuture.supplyAsync(() -> flow.handle(List.of(item)))
                .get(20, TimeUnit.SECONDS);
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Failed.class);
      }
    }
  }
}
