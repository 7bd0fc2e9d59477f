package io.stockbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.stockbridge.config.ObserveConfig;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventStatus;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.testhelper.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Brightpearl webhook with a W3C {@code traceparent}, through a real node (SQLite file) and
 * both simulators over HTTP: its trace (the SDK's in-memory exporter) and its log lines (JSON
 * format).
 */
@EndToEnd
class EventObservabilityEndToEndTest {
  private static final String FAST =
      """
      sync:
        debounceMillis: 20
        maxWaitMillis: 100
        batchFillMillis: 20
      queue:
        pollMillis: 10
      """;
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SyncLab lab;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private PrintStream originalErr;

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
    if (originalErr != null) {
      System.setErr(originalErr);
    }
    LogFormat.apply(ObserveConfig.DEFAULT);
  }

  private void start(String extraYaml) {
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                20,
                1,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L)),
                TestDatabases.sqliteUrl(dir),
                dir,
                FAST + extraYaml),
            builder -> builder.spanExporter(spans));
    // The store sells every product at 0 units: the warehouse's figure differs, so it is written.
    lab.seedStoresFromWarehouse(0);
  }

  /** Sends one on-hand webhook for the first product with {@link #TRACEPARENT}; its event id. */
  private long sendTracedWebhook() {
    long productId = lab.brightpearl().catalog().allProducts().get(0).id();
    TestHttp.Answer answer =
        new TestHttp(lab.node().port())
            .postJson(
                "/webhooks/brightpearl/" + SyncLab.ACCOUNT + "?secret=" + SyncLab.WEBHOOK_SECRET,
                Map.of("traceparent", TRACEPARENT),
                """
                {"accountCode":"acme","event":"product.modified.on-hand-modified",\
                "resourceType":"product","id":"%d","lifecycleEvent":"modified",\
                "raisedOn":"2026-12-02T10:00:00Z"}"""
                    .formatted(productId));
    assertThat(answer.status()).as(answer.raw()).isEqualTo(202);
    assertThat(answer.json().path("traceId").asText()).isEqualTo(TRACE_ID);
    long eventId = answer.json().path("eventId").asLong();
    Eventually.await(
        "the event succeeded",
        Duration.ofSeconds(30),
        () ->
            lab.node().storage().events().find(eventId).orElseThrow().status()
                == EventStatus.SUCCEEDED);
    return eventId;
  }

  private List<SpanData> spansOfTrace() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(TRACE_ID))
        .toList();
  }

  private static Set<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toSet());
  }

  @Test
  void an_event_with_a_traceparent_is_one_trace_from_ingestion_to_the_shopify_call() {
    start("");
    long eventId = sendTracedWebhook();
    assertThat(lab.node().storage().events().find(eventId).orElseThrow().traceId())
        .isEqualTo(TRACE_ID);

    Eventually.await(
        "the store write's span ended",
        Duration.ofSeconds(10),
        () -> names(spansOfTrace()).contains("stock.write"));
    List<SpanData> trace = spansOfTrace();
    assertThat(names(trace))
        .contains(
            "ingest brightpearl",
            "event",
            "queue.wait",
            "flow stock.sync",
            "stock.flush",
            "stock.write",
            "brightpearl GET",
            "shopify inventorySetQuantities");
    SpanData ingest = one(trace, "ingest brightpearl");
    assertThat(ingest.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    SpanData event = one(trace, "event");
    assertThat(event.getParentSpanId()).isEqualTo(ingest.getSpanId());
    // The queue wait and the flow continue the trace from the event row: children of its span.
    assertThat(one(trace, "queue.wait").getParentSpanId()).isEqualTo(event.getSpanId());
    SpanData flow = one(trace, "flow stock.sync");
    assertThat(flow.getParentSpanId()).isEqualTo(event.getSpanId());
    assertThat(flow.getAttributes().get(Tracing.EVENT_ID)).isEqualTo(eventId);
    // The coalesced flush and the batched write link to every event they serve.
    for (String batch : List.of("stock.flush", "stock.write")) {
      assertThat(one(trace, batch).getLinks())
          .extracting(LinkData::getSpanContext)
          .anySatisfy(link -> assertThat(link.getSpanId()).isEqualTo(flow.getSpanId()));
    }
    SpanData write = one(trace, "shopify inventorySetQuantities");
    assertThat(write.getParentSpanId()).isEqualTo(one(trace, "stock.write").getSpanId());
    assertThat(
            write
                .getAttributes()
                .get(io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);

    // The Shopify simulator received the trace with the call.
    assertThat(lab.shopify().receivedTraceparents())
        .anySatisfy(
            header -> {
              assertThat(header).startsWith("00-" + TRACE_ID + "-");
              String parent = header.split("-")[2];
              assertThat(SpanId.isValid(parent)).isTrue();
              assertThat(trace).extracting(SpanData::getSpanId).contains(parent);
            });
  }

  private static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as(name).isNotEmpty();
    return named.get(0);
  }

  @Test
  void with_json_logs_every_line_about_an_event_carries_its_event_and_trace_id() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    start("log:\n  format: json\n  level: debug\n");
    long eventId = sendTracedWebhook();
    Eventually.await(
        "the store write was logged",
        Duration.ofSeconds(10),
        () -> captured.toString(StandardCharsets.UTF_8).contains("level(s) to shop-a"));
    String shopifyToken = lab.shopify().options().accessToken().reveal();
    String brightpearlToken = lab.brightpearl().options().accountToken().reveal();
    lab.close();
    lab = null;
    System.setErr(originalErr);

    List<JsonNode> aboutEvent = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode json = JSON.readTree(line); // every line is one JSON object
      assertThat(json.isObject()).as(line).isTrue();
      String events = json.path("mdc").path(LogContext.EVENT_ID).asText("");
      if (events.equals(Long.toString(eventId))) {
        aboutEvent.add(json);
      }
    }
    assertThat(aboutEvent)
        .allSatisfy(
            line -> {
              assertThat(line.path("mdc").path(LogContext.TRACE_ID).asText()).isEqualTo(TRACE_ID);
              assertThat(line.path("formattedMessage").asText()).isNotBlank();
            });
    // Lines from ingestion, the dispatcher, the flow and the API calls, all in the event's context.
    assertThat(aboutEvent)
        .extracting(line -> line.path("loggerName").asText())
        .contains(
            "io.stockbridge.ingest.IngestEndpoints",
            "io.stockbridge.queue.Dispatcher",
            "io.stockbridge.flow.stock.ShopifyStockWrites",
            "io.stockbridge.connector.brightpearl.BrightpearlTransport",
            "io.stockbridge.connector.shopify.ShopifyClient");
    assertThat(aboutEvent)
        .filteredOn(l -> l.path("loggerName").asText().endsWith("Dispatcher"))
        .allSatisfy(
            l -> assertThat(l.path("mdc").path(LogContext.FLOW).asText()).isEqualTo("stock.sync"));
    // No secret of the lab's configuration appears in any line.
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .doesNotContain(SyncLab.WEBHOOK_SECRET)
        .doesNotContain(shopifyToken)
        .doesNotContain(brightpearlToken);
  }
}
