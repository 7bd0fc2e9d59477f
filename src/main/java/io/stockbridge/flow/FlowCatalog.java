package io.stockbridge.flow;

import io.stockbridge.config.StockbridgeConfig;
import java.util.List;

/**
 * The routes of the flows this build runs, from the configuration. The one place both the service
 * and the CLI (replay) learn where an event goes, so they always agree.
 */
public final class FlowCatalog {
  private FlowCatalog() {}

  public static List<Route> routes(StockbridgeConfig config) {
    return List.of();
  }

  public static EventRouter router(StockbridgeConfig config, List<Route> extraRoutes) {
    List<Route> all = new java.util.ArrayList<>(routes(config));
    all.addAll(extraRoutes);
    return new EventRouter(all, config.queue().maxAttempts());
  }
}
