package io.stockbridge.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both connectors against their simulators at the real limits: 10,000 inventory updates pushed to a
 * Shopify store on the Standard plan, looking the SKUs up first (a cold cache: the case where the
 * cost bucket, not the network, sets the pace), and availability of 10,000 products read from
 * Brightpearl in ID sets of 200.
 */
public final class ConnectorBench implements BenchScenario {
  @Override
  public String name() {
    return "connector";
  }

  @Override
  public String description() {
    return "10,000 Shopify inventory updates at Standard limits; 10,000 Brightpearl availabilities";
  }

  @Override
  public Map<String, Object> run(BenchOptions options) {
    Map<String, String> params = new HashMap<>(options.params());
    params.putIfAbsent("resolve", "1");
    BenchOptions withDefaults =
        new BenchOptions(options.engine(), options.postgresUrl(), options.workDir(), params);
    Map<String, Object> shopify = ShopifyPushBench.run(withDefaults);
    Map<String, Object> brightpearl = BrightpearlReadBench.run(withDefaults);
    Map<String, Object> figures = new LinkedHashMap<>();
    long shopifyThrottled = ((Number) shopify.get("throttled")).longValue();
    long brightpearlThrottled = ((Number) brightpearl.get("brightpearl_throttled")).longValue();
    figures.put("throttled", shopifyThrottled + brightpearlThrottled);
    figures.put("seconds", shopify.get("seconds"));
    figures.put("seconds_limit", shopify.get("seconds_limit"));
    double limit = ((Number) shopify.get("seconds_limit")).doubleValue();
    figures.put(
        "seconds_over_limit_ratio",
        limit > 0
            ? Math.round(((Number) shopify.get("seconds")).doubleValue() / limit * 1000) / 1000.0
            : null);
    figures.put("brightpearl_requests", brightpearl.get("brightpearl_requests"));
    shopify.forEach(
        (key, value) ->
            figures.putIfAbsent(key.startsWith("shopify_") ? key : "shopify_" + key, value));
    brightpearl.forEach(figures::putIfAbsent);
    return figures;
  }
}
