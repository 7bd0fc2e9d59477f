package io.stockbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.change.ChangeEvents;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventStatus;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.PrometheusServer;
import io.stockbridge.testhelper.PrometheusTools;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes a node running the stock flow against both simulators (with a
 * API key as its bearer token, as an operator configures it) and parses what it serves: the figures
 * it holds are what the engine did (events stored, items done) and what the simulators counted (API
 * calls received). The Grafana dashboard's queries run on that Prometheus, and every metric they
 * name is served.
 */
@EndToEnd
abstract class MetricsScrapeEndToEndTest {
  private static final String FAST =
      """
      sync:
        debounceMillis: 50
        maxWaitMillis: 300
        batchFillMillis: 50
      queue:
        pollMillis: 10
      """;
  private static final Pattern METRIC = Pattern.compile("\\b(stockbridge_[a-z_]+)");

  @TempDir Path dir;
  private SyncLab lab;
  private PrometheusServer prometheus;

  protected abstract String databaseUrl(Path dir);

  protected void cleanUp() {}

  @AfterEach
  void close() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (lab != null) {
      lab.close();
    }
    cleanUp();
  }

  /** Events the node took in: its own change events (source stockbridge) are no ingestion. */
  private long events(EventStatus status) {
    return count(status, null) - count(status, ChangeEvents.SOURCE);
  }

  private long count(EventStatus status, String source) {
    return lab.node()
        .storage()
        .events()
        .count(new EventQuery(status, source, null, null, null, null, null, null, null, null, 10));
  }

  private double scraped(String promql) {
    double value = prometheus.value(promql);
    return Double.isNaN(value) ? 0 : value;
  }

  /** Waits until Prometheus holds {@code expected} for {@code promql}. */
  private void awaitScraped(String what, String promql, double expected) {
    Eventually.await(
        what + ": " + promql + " = " + expected,
        Duration.ofSeconds(30),
        () -> scraped(promql) == expected);
  }

  @Test
  void prometheus_parses_the_figures_the_engine_and_the_simulators_counted() throws Exception {
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                40,
                2,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L, 2L)),
                databaseUrl(dir),
                dir,
                FAST));
    lab.seedStoresFromWarehouse(0);
    Path promDir = Files.createDirectories(dir.resolve("prometheus"));
    prometheus =
        PrometheusServer.scraping(
            promDir,
            "127.0.0.1:" + lab.node().port(),
            SyncLab.API_KEY,
            PrometheusTools.ops().resolve("prometheus/stockbridge-alerts.yml"));
    Eventually.await(
        "Prometheus scrapes the node",
        Duration.ofSeconds(30),
        () -> scraped("up{job=\"stockbridge\"}") == 1);
    Eventually.await("the node is quiet", Duration.ofSeconds(30), lab::isQuiet);

    String brightpearl = "stockbridge_api_calls_total{connection=\"brightpearl:acme\"}";
    String shopify = "sum(stockbridge_api_calls_total{connection=~\"shopify:.*\"})";
    String stored = "sum(stockbridge_events_received_total{outcome=\"new\"})";
    String done = "sum(stockbridge_work_items_settled_total{outcome=\"done\"})";
    // Before: what the simulators counted so far, and Prometheus holding the node's figures now.
    long brightpearlBefore = lab.brightpearl().counters().get(SimCounters.REQUESTS);
    long shopifyBefore = lab.shopify().counters().get("http_requests");
    long eventsBefore = events(null);
    long succeededBefore = events(EventStatus.SUCCEEDED);
    double calls = lab.node().sync().orElseThrow().warehouse().requestsSent();
    awaitScraped("the quiet node's Brightpearl calls", brightpearl, calls);
    double scrapedBrightpearl = scraped(brightpearl);
    double scrapedShopify = scraped(shopify);
    double scrapedStored = scraped(stored);
    double scrapedDone = scraped(done);

    Random random = new Random(11);
    List<SimControl.StockUpdate> updates = new ArrayList<>();
    for (SimData.Product product : lab.brightpearl().catalog().allProducts()) {
      for (long warehouse = 1; warehouse <= 2; warehouse++) {
        updates.add(new SimControl.StockUpdate(product.sku(), warehouse, random.nextInt(50)));
      }
    }
    lab.brightpearl().control().stockBurst(updates);
    Eventually.await(
        "the store matches the warehouse",
        Duration.ofSeconds(60),
        () -> lab.driftByStore().values().stream().allMatch(List::isEmpty));
    Eventually.await("the node is quiet again", Duration.ofSeconds(30), lab::isQuiet);

    long newEvents = events(null) - eventsBefore;
    long newlySucceeded = events(EventStatus.SUCCEEDED) - succeededBefore;
    long brightpearlCalls =
        lab.brightpearl().counters().get(SimCounters.REQUESTS) - brightpearlBefore;
    long shopifyCalls = lab.shopify().counters().get("http_requests") - shopifyBefore;
    assertThat(newEvents).isPositive();
    assertThat(brightpearlCalls).isPositive();
    assertThat(shopifyCalls).isPositive();
    awaitScraped("events stored", stored, scrapedStored + newEvents);
    awaitScraped("items done (one store: one item per event)", done, scrapedDone + newlySucceeded);
    awaitScraped(
        "Brightpearl requests the simulator received",
        brightpearl,
        scrapedBrightpearl + brightpearlCalls);
    awaitScraped("Shopify requests the simulator received", shopify, scrapedShopify + shopifyCalls);
    // The database's figures (read on a scrape, at most every 5 s): the burst's events arrived,
    // nothing is left in the queue, the budget is read.
    Eventually.await(
        "the database gauges show the burst received and the queue drained",
        Duration.ofSeconds(30),
        () ->
            scraped("stockbridge_events_last_received_timestamp_seconds{source=\"brightpearl\"}")
                    > 0
                && prometheus.query("stockbridge_work_items{flow=\"stock.sync\"}").size() == 4
                && scraped("sum(stockbridge_work_items)") == 0
                && scraped("stockbridge_api_budget_remaining{connection=\"brightpearl:acme\"}")
                    > 0);
    assertThat(scraped("stockbridge_handler_seconds_count{flow=\"stock.sync\"}")).isPositive();

    // Prometheus loaded the shipped alerting rules, and none fires on this healthy node.
    JsonNode groups = prometheus.api("rules").path("groups");
    assertThat(groups.get(0).path("rules").size()).isEqualTo(7);
    assertThat(prometheus.api("alerts").path("alerts").size()).isZero();

    // The Grafana dashboard: every query is valid PromQL here, every metric it names is served.
    String text =
        new TestHttp(lab.node().port())
            .get("/metrics", Map.of("Authorization", "Bearer " + SyncLab.API_KEY))
            .raw();
    Set<String> served = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        served.add(line.split("[{ ]", 2)[0]);
      }
    }
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(PrometheusTools.ops().resolve("grafana/stockbridge.json").toFile());
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        Matcher metric = METRIC.matcher(expr);
        while (metric.find()) {
          queried.add(metric.group(1));
        }
        prometheus.query(expr.replace("$__rate_interval", "1m")); // throws on invalid PromQL
      }
    }
    assertThat(queried).hasSizeGreaterThan(15);
    assertThat(served).containsAll(queried);
  }
}
