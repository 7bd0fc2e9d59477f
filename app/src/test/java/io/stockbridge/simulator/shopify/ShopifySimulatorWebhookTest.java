package io.stockbridge.simulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.stockbridge.config.Secret;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifySimulatorWebhookTest {
  @SuppressWarnings("ArrayRecordComponent") // never compared
  record Received(Map<String, List<String>> headers, byte[] body) {}

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private HttpServer receiver;
  private ShopifySimulator simulator;
  private String location;

  @BeforeEach
  void start() throws Exception {
    receiver =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          boolean fail = failFirst.getAndDecrement() > 0;
          if (!fail) {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          }
          exchange.sendResponseHeaders(fail ? 500 : 200, -1);
          exchange.close();
        });
    receiver.start();
    simulator =
        ShopifySimulator.start(
            ShopifySimulatorOptions.defaults()
                .withWebhookRetryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(50))));
    location = simulator.shop().addLocation("Main");
  }

  @AfterEach
  void stop() {
    simulator.close();
    receiver.stop(0);
  }

  private URI hooks() {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
  }

  @Test
  void inventory_change_sends_a_webhook_whose_hmac_verifies_with_the_app_secret() throws Exception {
    simulator.shop().subscribe("inventory_levels/update", hooks());
    String item =
        simulator
            .shop()
            .addProduct("P", List.of("P-1"), Map.of(location, 5))
            .get(0)
            .inventoryItemId();

    simulator.shop().setAvailable(item, location, 3);

    Received webhook = received.poll(10, TimeUnit.SECONDS);
    assertThat(webhook).isNotNull();
    String hmac = webhook.headers().get("X-shopify-hmac-sha256").get(0);
    assertThat(hmac)
        .isEqualTo(
            Webhooks.sign(Secret.of(ShopifySimulatorOptions.DEFAULT_APP_SECRET), webhook.body()));
    assertThat(webhook.headers().get("X-shopify-topic")).containsExactly("inventory_levels/update");
    assertThat(webhook.headers().get("X-shopify-shop-domain"))
        .containsExactly("stockbridge-dev.myshopify.com");
    assertThat(webhook.headers())
        .containsKeys(
            "X-shopify-webhook-id",
            "X-shopify-event-id",
            "X-shopify-triggered-at",
            "X-shopify-api-version");
    assertThat(new String(webhook.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"available\":3");
  }

  @Test
  void duplicated_webhooks_carry_the_same_event_id_and_dropped_ones_never_arrive()
      throws Exception {
    simulator.shop().subscribe("inventory_levels/update", hooks());
    String item =
        simulator
            .shop()
            .addProduct("P", List.of("P-1"), Map.of(location, 5))
            .get(0)
            .inventoryItemId();
    simulator.faults().set(new FaultSettings(0, 0, 0, 0, 1000, 0, 0, 0, 1.0, 0));
    simulator.shop().setAvailable(item, location, 1);
    Received first = received.poll(10, TimeUnit.SECONDS);
    Received second = received.poll(10, TimeUnit.SECONDS);
    assertThat(second).isNotNull();
    assertThat(second.headers().get("X-shopify-event-id"))
        .isEqualTo(first.headers().get("X-shopify-event-id"));

    simulator.faults().set(new FaultSettings(0, 0, 0, 0, 1000, 0, 0, 1.0, 0, 0));
    simulator.shop().setAvailable(item, location, 2);
    assertThat(simulator.counters().get("webhooks_dropped")).isEqualTo(1);
  }

  @Test
  void late_webhooks_arrive_after_the_configured_delay() throws Exception {
    simulator.shop().subscribe("inventory_levels/update", hooks());
    String item =
        simulator
            .shop()
            .addProduct("P", List.of("P-1"), Map.of(location, 5))
            .get(0)
            .inventoryItemId();
    simulator.faults().set(new FaultSettings(0, 0, 0, 0, 1000, 0, 0, 0, 0, 700));
    long sent = System.nanoTime();
    simulator.shop().setAvailable(item, location, 1);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat((System.nanoTime() - sent) / 1_000_000).isGreaterThanOrEqualTo(700);
  }

  @Test
  void product_set_sends_products_update_and_a_bulk_operation_sends_bulk_operations_finish()
      throws Exception {
    simulator.shop().subscribe("products/update", hooks());
    simulator.shop().subscribe("bulk_operations/finish", hooks());
    RawClient client = new RawClient(simulator);
    client.graphql(
        "mutation { productSet(input: {title: \"Hat\", variants: [{sku: \"HAT-1\", optionValues: [{optionName: \"Title\", name: \"Default\"}]}]}) { product { id } } }");
    Received product = received.poll(10, TimeUnit.SECONDS);
    assertThat(product.headers().get("X-shopify-topic")).containsExactly("products/update");
    assertThat(new String(product.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("HAT-1");

    client.graphql(
        "mutation { bulkOperationRunQuery(query: \"{ products { edges { node { id } } } }\") { bulkOperation { id } } }");
    Received finish = received.poll(10, TimeUnit.SECONDS);
    assertThat(finish.headers().get("X-shopify-topic")).containsExactly("bulk_operations/finish");
    assertThat(new String(finish.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"status\":\"completed\"");
  }

  @Test
  void failed_delivery_is_retried_with_the_same_webhook_id() throws Exception {
    failFirst.set(1);
    simulator.shop().subscribe("inventory_levels/update", hooks());
    String item =
        simulator
            .shop()
            .addProduct("P", List.of("P-1"), Map.of(location, 5))
            .get(0)
            .inventoryItemId();

    simulator.shop().setAvailable(item, location, 4);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(simulator.counters().get("webhooks_failed_attempts")).isEqualTo(1);
  }

  @Test
  void graphql_subscription_and_stock_burst_over_the_control_api_send_one_webhook_per_change()
      throws Exception {
    simulator.shop().generate(3, "B-", location, 1);
    RawClient client = new RawClient(simulator);
    RawClient.Answer subscribed =
        client.graphql(
            "mutation($uri: String!) { webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: {uri: $uri, format: JSON}) { webhookSubscription { id } userErrors { message } } }",
            Map.of("uri", hooks().toString()));
    assertThat(subscribed.body().path("data").path("webhookSubscriptionCreate").path("userErrors"))
        .isEmpty();

    String csv =
        "sku,location,available\nB-1,"
            + location
            + ",7\nB-2,"
            + location
            + ",8\nNOPE,"
            + location
            + ",1\n";
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/_control/shops/stockbridge-dev/stock"))
                    .POST(HttpRequest.BodyPublishers.ofString(csv))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).contains("\"updated\":2").contains("NOPE");
    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
  }
}
