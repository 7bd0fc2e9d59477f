package io.stockbridge.flow.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.cli.Main;
import io.stockbridge.demo.OrderLab;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventName;
import io.stockbridge.event.EventStatus;
import io.stockbridge.http.Json;
import io.stockbridge.order.OrderStore;
import io.stockbridge.simulator.brightpearl.SimOrders;
import io.stockbridge.simulator.shopify.FaultSettings;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders are events like any other (issue 12, item 8), end to end with both simulators over real
 * HTTP and a real node: found by name, by the customer's email (its hash: case and spaces do not
 * matter, and no address reaches the index or the history) and by SKU; their path through both
 * systems (webhook events, sales order, contact, payment, cancellation, credit, fulfilment) over
 * the admin API and the CLI; replayed without creating anything twice; the catch-up poll run on
 * demand from the API and the CLI.
 */
@EndToEnd
abstract class OrderSearchEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + SyncLab.API_KEY);

  @TempDir Path dir;
  SyncLab lab;
  SimulatedShop shop;
  TestHttp http;

  protected abstract String databaseUrl(Path dir);

  protected void cleanUp() {}

  @BeforeEach
  void start() {
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                12,
                1,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L).with(OrderLab.ORDERS_YAML)),
                databaseUrl(dir),
                dir,
                OrderFlowEndToEndTest.FAST));
    lab.seedStoresFromWarehouse(5);
    lab.warmCaches();
    OrderLab.connect(lab, lab.node().port());
    shop = lab.shopify().shop("shop-a");
    http = new TestHttp(lab.node().port());
  }

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
    cleanUp();
  }

  String sku(int index) {
    return lab.brightpearl().catalog().allProducts().get(index).sku();
  }

  long productId(String sku) {
    return lab.brightpearl().catalog().productBySku(sku).orElseThrow().id();
  }

  SimulatedShop.PlacedOrder place(String email, SimulatedShop.OrderLineSpec... lines) {
    return shop.placeOrder(email, "GBP", List.of(lines), "Standard", new BigDecimal("4.99"), null);
  }

  OrderStore.OrderLink awaitInBrightpearl(SimulatedShop.PlacedOrder order) {
    OrderStore orders = lab.node().storage().orders();
    Eventually.await(
        order.name() + " in Brightpearl with its payment",
        WAIT,
        () ->
            orders
                .find("shop-a", String.valueOf(order.id()))
                .filter(l -> l.state() == OrderStore.State.IN_BRIGHTPEARL && l.paymentId() != null)
                .isPresent());
    return orders.find("shop-a", String.valueOf(order.id())).orElseThrow();
  }

  void awaitDrained() {
    Eventually.await(
        "the queue drained",
        WAIT,
        () ->
            lab.node().storage().queue().stats().ready() == 0
                && lab.node().storage().queue().stats().running() == 0
                && lab.node().storage().queue().stats().waiting() == 0);
  }

  TestHttp.Answer get(String path) {
    return http.get(path, AUTH);
  }

  static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static List<String> ids(JsonNode orders) {
    List<String> ids = new ArrayList<>();
    orders.forEach(o -> ids.add(o.path("shopifyOrderId").asText()));
    return ids;
  }

  static List<String> types(JsonNode events) {
    List<String> types = new ArrayList<>();
    events.forEach(e -> types.add(e.path("source").asText() + "/" + e.path("type").asText()));
    return types;
  }

  @Test
  void orders_are_found_by_name_email_hash_and_sku_and_show_their_path_through_both_systems()
      throws Exception {
    String a = sku(0);
    String b = sku(1);
    SimulatedShop.PlacedOrder first =
        place(
            "Grace.Hopper@example.com",
            SimulatedShop.OrderLineSpec.of(a, 2, "10.00"),
            SimulatedShop.OrderLineSpec.of(b, 1, "5.00"));
    SimulatedShop.PlacedOrder other =
        place("ada@example.com", SimulatedShop.OrderLineSpec.of(b, 1, "5.00"));
    OrderStore.OrderLink firstLink = awaitInBrightpearl(first);
    // Grace again, once her contact is known, spelt otherwise: the contact cache finds her.
    SimulatedShop.PlacedOrder second =
        place("grace.hopper@EXAMPLE.com", SimulatedShop.OrderLineSpec.of(sku(2), 1, "7.00"));
    awaitInBrightpearl(second);
    awaitInBrightpearl(other);
    // The same customer whatever the case: one contact for both of Grace's orders.
    assertThat(lab.brightpearl().orders().contacts()).hasSize(2);

    // After: a partial shipment of the first, a refund of the other, the second cancelled.
    SimOrders.GoodsOutNote note =
        lab.brightpearl()
            .orders()
            .createGoodsOutNote(firstLink.brightpearlOrderId(), Map.of(productId(a), 1));
    lab.brightpearl().orders().ship(note.id(), "Royal Mail", "RM-77");
    Eventually.await("the fulfilment", WAIT, () -> shop.fulfillments(first.id()).size() == 1);
    long refundId = shop.refund(other.id(), Map.of(b, 1), true);
    shop.cancelOrder(second.id(), false);
    awaitDrained();
    Eventually.await(
        "the credit and the cancellation",
        WAIT,
        () ->
            !lab.brightpearl()
                    .orders()
                    .byExternalRef("shopify-shop-a-refund-" + refundId, true)
                    .isEmpty()
                && lab
                    .node()
                    .storage()
                    .orders()
                    .actions("shop-a", String.valueOf(second.id()))
                    .keySet()
                    .stream()
                    .anyMatch(k -> k.startsWith("cancel|")));
    awaitDrained();

    // By email: hashed, so case and surrounding spaces do not matter.
    String hash = EventName.emailHash("grace.hopper@example.com");
    for (String email :
        List.of(
            "grace.hopper@example.com", "GRACE.HOPPER@example.com", " Grace.Hopper@Example.com ")) {
      TestHttp.Answer found = get("/api/orders?email=" + encoded(email));
      assertThat(found.status()).as(found.raw()).isEqualTo(200);
      assertThat(ids(found.json().path("orders")))
          .containsExactlyInAnyOrder(String.valueOf(first.id()), String.valueOf(second.id()));
      found
          .json()
          .path("orders")
          .forEach(o -> assertThat(o.path("customerEmailHash").asText()).isEqualTo(hash));
    }
    assertThat(ids(get("/api/orders?email=ada@example.com").json().path("orders")))
        .containsExactly(String.valueOf(other.id()));
    assertThat(get("/api/orders?email=nobody@example.com").json().path("orders")).isEmpty();
    // By SKU and by name.
    assertThat(ids(get("/api/orders?sku=" + encoded(b)).json().path("orders")))
        .containsExactlyInAnyOrder(String.valueOf(first.id()), String.valueOf(other.id()));
    assertThat(
            ids(
                get("/api/orders?sku=" + encoded(b) + "&store=shop-a&limit=1")
                    .json()
                    .path("orders")))
        .hasSize(1);
    assertThat(ids(get("/api/orders?name=" + encoded(first.name())).json().path("orders")))
        .containsExactly(String.valueOf(first.id()));
    // Bad searches: 4xx in the error shape, never a trace.
    for (String bad :
        List.of(
            "/api/orders",
            "/api/orders?name=%231&sku=x",
            "/api/orders?mail=x@y",
            "/api/orders?sku=x&limit=0",
            "/api/orders?sku=x&sku=y")) {
      TestHttp.Answer answer = get(bad);
      assertThat(answer.status()).as(bad).isEqualTo(400);
      assertThat(answer.json().path("error").asText()).as(bad).isEqualTo("bad_request");
      assertThat(answer.raw()).doesNotContain("Exception");
    }
    assertThat(get("/api/orders?mail=x").message()).contains("email");
    assertThat(get("/api/orders?sku=x&store=nope").status()).isEqualTo(404);
    assertThat(http.get("/api/orders?sku=x", Map.of()).status()).isEqualTo(401);

    // The first order's path, by its name: webhook events, sales order, contact, payment, lines,
    // the fulfilment with the goods-out note's event.
    TestHttp.Answer path = get("/api/stores/shop-a/orders/" + encoded(first.name()));
    assertThat(path.status()).as(path.raw()).isEqualTo(200);
    JsonNode view = path.json();
    assertThat(view.path("brightpearlOrderId").asLong()).isEqualTo(firstLink.brightpearlOrderId());
    assertThat(view.path("brightpearlContactId").asLong()).isEqualTo(firstLink.contactId());
    assertThat(view.path("paymentId").asLong()).isEqualTo(firstLink.paymentId());
    assertThat(view.path("state").asText()).isEqualTo("in_brightpearl");
    assertThat(view.path("lines")).hasSize(2);
    assertThat(view.path("fulfilments"))
        .singleElement()
        .satisfies(f -> assertThat(f.path("goodsOutNoteId").asText()).isEqualTo("" + note.id()));
    assertThat(types(view.path("events")))
        .contains("shopify/orders/create", "brightpearl/" + SimOrders.GOODS_OUT_SHIPPED);
    view.path("events")
        .forEach(
            e -> {
              assertThat(e.path("status").asText()).isEqualTo("succeeded");
              assertThat(e.path("outcome").isTextual()).as(e.toString()).isTrue();
            });
    // The same by its id and by its number without '#'.
    assertThat(get("/api/stores/shop-a/orders/" + first.id()).json().path("name").asText())
        .isEqualTo(first.name());
    assertThat(
            get("/api/stores/shop-a/orders/" + first.name().substring(1))
                .json()
                .path("shopifyOrderId")
                .asText())
        .isEqualTo(String.valueOf(first.id()));
    // The refunded order: its credit with the restock, and the refund's own event.
    JsonNode refunded = get("/api/stores/shop-a/orders/" + other.id()).json();
    assertThat(refunded.path("credits"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path("refundId").asText()).isEqualTo("" + refundId);
              assertThat(c.path("salesCreditId").asText()).isNotBlank();
              assertThat(c.path("restock").asText()).isNotBlank();
            });
    assertThat(types(refunded.path("events"))).contains("shopify/refunds/create");
    // The cancelled one.
    JsonNode cancelled = get("/api/stores/shop-a/orders/" + second.id()).json();
    assertThat(cancelled.path("cancellation").isObject()).isTrue();
    assertThat(types(cancelled.path("events"))).contains("shopify/orders/cancelled");
    assertThat(get("/api/stores/shop-a/orders/999999").status()).isEqualTo(404);
    assertThat(get("/api/stores/nope/orders/1").status()).isEqualTo(404);

    // Events by the customer's email: the order webhooks of both of Grace's orders only.
    TestHttp.Answer events = get("/api/events?email=" + encoded("GRACE.Hopper@example.com"));
    assertThat(events.status()).as(events.raw()).isEqualTo(200);
    assertThat(events.json().path("events")).isNotEmpty();
    events
        .json()
        .path("events")
        .forEach(
            e ->
                assertThat(e.path("key").asText())
                    .isIn(String.valueOf(first.id()), String.valueOf(second.id())));

    // No address in the index, the order store or any event's history (what the flows logged).
    assertThat(
            count("SELECT COUNT(*) FROM event_names WHERE value LIKE '%@%'")
                + count("SELECT COUNT(*) FROM order_links WHERE email_hash LIKE '%@%'")
                + count("SELECT COUNT(*) FROM order_contacts WHERE email_hash LIKE '%@%'")
                + count("SELECT COUNT(*) FROM event_history WHERE LOWER(detail) LIKE '%hopper%'"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM event_names WHERE kind = 'email'")).isPositive();

    // Replayed: every event of the first order again, and nothing is created twice.
    long salesOrders = lab.brightpearl().orders().salesOrders().size();
    long payments = lab.brightpearl().orders().payments().size();
    String filter = "{\"filter\": {\"order\": " + Json.write(first.name()) + "}";
    TestHttp.Answer dry = http.postJson("/api/replays", AUTH, filter + ", \"dryRun\": true}");
    assertThat(dry.status()).as(dry.raw()).isEqualTo(200);
    long matching = dry.json().path("matching").asLong();
    assertThat(matching).isPositive();
    TestHttp.Answer replayed =
        http.postJson("/api/replays", AUTH, filter + ", \"confirm\": " + matching + "}");
    assertThat(replayed.status()).as(replayed.raw()).isEqualTo(202);
    assertThat(replayed.json().path("replayed").asLong()).isEqualTo(matching);
    lab.node().dispatcher().wake();
    awaitDrained();
    assertThat(lab.brightpearl().orders().salesOrders()).hasSize((int) salesOrders);
    assertThat(lab.brightpearl().orders().payments()).hasSize((int) payments);
    assertThat(shop.fulfillments(first.id())).hasSize(1);
    assertThat(lab.node().storage().queue().stats().dead()).isZero();
  }

  @Test
  void the_catch_up_poll_runs_on_demand_from_the_api_and_the_cli() throws Exception {
    // The first poll only sets where the next begins.
    TestHttp.Answer first = http.postJson("/api/orders/catch-up", AUTH, "{\"store\": \"shop-a\"}");
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.json().path("polls").get(0).path("seen").asInt()).isZero();

    // An order whose webhooks never come.
    lab.shopify().faults().set(new FaultSettings(0, 0, 0, 0, 30_000, 0, 0, 1.0, 0, 0));
    SimulatedShop.PlacedOrder missed =
        place("Lin@example.com", SimulatedShop.OrderLineSpec.of(sku(3), 1, "3.00"));
    lab.shopify().faults().set(FaultSettings.NONE);
    assertThat(lab.node().storage().orders().find("shop-a", String.valueOf(missed.id()))).isEmpty();

    // Asked until the order is older than the poll's grace (its webhook would have come by then).
    Eventually.await(
        "the catch-up raising the missed order",
        Duration.ofSeconds(90),
        () -> {
          TestHttp.Answer poll = http.postJson("/api/orders/catch-up", AUTH, "");
          assertThat(poll.status()).as(poll.raw()).isEqualTo(200);
          return poll.json().path("polls").path(0).path("raised").asInt() > 0;
        });
    try {
      awaitInBrightpearl(missed);
    } catch (AssertionError e) {
      for (var ev :
          lab.node().storage().events().search(io.stockbridge.event.EventQuery.all(50)).events()) {
        System.out.println(
            "event on failure: " + ev + " " + lab.node().storage().events().history(ev.id()));
      }
      throw e;
    }
    assertThat(lab.brightpearl().orders().byExternalRef("shopify-shop-a-" + missed.id(), false))
        .hasSize(1);
    JsonNode path = get("/api/stores/shop-a/orders/" + encoded(missed.name())).json();
    assertThat(types(path.path("events"))).containsExactly("stockbridge/order.catch-up");

    // Bad requests.
    assertThat(http.postJson("/api/orders/catch-up", AUTH, "{\"shop\": \"x\"}").status())
        .isEqualTo(400);
    assertThat(http.postJson("/api/orders/catch-up", AUTH, "[1]").status()).isEqualTo(400);
    assertThat(http.postJson("/api/orders/catch-up", AUTH, "{\"store\": \"nope\"}").status())
        .isEqualTo(404);
    assertThat(http.postJson("/api/orders/catch-up", Map.of(), "{}").status()).isEqualTo(401);

    // The CLI: the poll queued for the running node; the order shown and found.
    Path config = dir.resolve("cli.yaml");
    Files.writeString(config, lab.nodeYaml("cli", dir.resolve("cli"), 0));
    Run queued = cli("orders", "catch-up", "shop-a", "--config", config.toString());
    assertThat(queued.code()).as(queued.err()).isZero();
    long requestId =
        Long.parseLong(queued.out().replaceAll("(?s).*queued as event (\\d+).*", "$1").strip());
    lab.node().dispatcher().wake();
    Eventually.await(
        "the queued catch-up done",
        WAIT,
        () ->
            lab.node()
                .storage()
                .events()
                .find(requestId)
                .filter(e -> e.status() == EventStatus.SUCCEEDED)
                .isPresent());
    assertThat(lab.node().storage().events().history(requestId))
        .anySatisfy(h -> assertThat(h.detail()).contains("catch-up of shop-a"));
    Run shown =
        cli(
            "orders",
            "show",
            missed.name(),
            "--store",
            "shop-a",
            "--json",
            "--config",
            "" + config);
    assertThat(shown.code()).as(shown.err()).isZero();
    JsonNode shownJson = Json.MAPPER.readTree(jsonLine(shown.out()));
    assertThat(shownJson.path("brightpearlOrderId").asLong()).isPositive();
    Run text = cli("orders", "show", String.valueOf(missed.id()), "--config", "" + config);
    assertThat(text.out()).contains(missed.name()).contains("order.catch-up");
    Run found =
        cli("orders", "find", "--email", "LIN@example.com", "--json", "--config", "" + config);
    assertThat(found.code()).as(found.err()).isZero();
    assertThat(ids(Json.MAPPER.readTree(jsonLine(found.out())).path("orders")))
        .containsExactly(String.valueOf(missed.id()));
    Run none = cli("orders", "find", "--config", "" + config);
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("give one of --name, --email, --sku");
    Run unknown = cli("orders", "catch-up", "nope", "--config", "" + config);
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no configured store 'nope'").doesNotContain("Exception");
  }

  long count(String sql) throws Exception {
    return ((io.stockbridge.store.jdbc.JdbcStorage) lab.node().storage())
        .jdbc()
        .read(
            connection -> {
              try (Statement statement = connection.createStatement();
                  ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
              }
            });
  }

  record Run(int code, String out, String err) {}

  /** The CLI in this process, its output captured (the node's log lines may interleave). */
  static synchronized Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static String jsonLine(String out) {
    return out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
  }
}
