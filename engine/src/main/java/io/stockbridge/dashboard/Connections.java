package io.stockbridge.dashboard;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlCalls;
import io.stockbridge.queue.Pauses;
import io.stockbridge.store.DashboardReads;
import io.stockbridge.store.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The connections as the dashboard shows them: the warehouse (Brightpearl account) and each store,
 * with their paused and shadow state, the last webhook received and their stored API budget (for
 * the warehouse also its requests of the last minute by purpose: orders, stock reads, other). No
 * secret is ever part of the view. Thread-safe.
 */
public final class Connections {
  private final SyncConfig sync;

  public Connections(SyncConfig sync) {
    this.sync = sync;
  }

  Map<String, Object> view(Storage storage, long now) {
    Set<String> paused = Set.copyOf(storage.pauses().list());
    Map<String, String> budgets = new LinkedHashMap<>();
    for (DashboardReads.Budget budget : storage.dashboardReads().budgets()) {
      budgets.put(budget.name(), budget.state());
    }
    DashboardReads reads = storage.dashboardReads();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("configured", sync.isConfigured());
    body.put(
        "warehouse",
        sync.warehouse()
            .map(
                w -> {
                  Map<String, Object> view = new LinkedHashMap<>();
                  view.put("account", w.account());
                  view.put("baseUrl", w.baseUrl());
                  view.put("lastWebhook", time(reads.lastReceived("brightpearl", w.account())));
                  view.put("budget", budgets.get("brightpearl:" + w.account()));
                  // Requests sent in the last minute by purpose, against the minute's budget.
                  Map<String, Object> calls =
                      new LinkedHashMap<>(
                          BrightpearlCalls.lastMinute(
                              budgets.get(BrightpearlCalls.name(w.account())), now));
                  calls.put("limit", w.requestsPerMinute());
                  view.put("callsLastMinute", calls);
                  return view;
                })
            .orElse(null));
    List<Map<String, Object>> stores = new ArrayList<>();
    for (SyncConfig.Store store : sync.stores().values()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", store.name());
      view.put("shop", store.shop());
      view.put("flows", store.flows());
      view.put("shadow", store.shadow());
      view.put("paused", paused.contains(Pauses.store(store.name())));
      view.put("pauseScope", Pauses.store(store.name()));
      OptionalLong last = reads.lastReceived("shopify", store.shop() + ".myshopify.com");
      view.put(
          "lastWebhook",
          time(last.isPresent() ? last : reads.lastReceived("shopify", store.shop())));
      view.put("budget", budgets.get("shopify:" + store.shop()));
      stores.add(view);
    }
    body.put("stores", stores);
    body.put("pauses", storage.pauses().list());
    return body;
  }

  private static String time(OptionalLong millis) {
    return millis.isPresent() ? Instant.ofEpochMilli(millis.getAsLong()).toString() : null;
  }
}
