package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.stockbridge.config.Secret;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSubscriptionTest {
  private final ShopifyFixture fixture = new ShopifyFixture();
  private final BlockingQueue<Boolean> verified = new LinkedBlockingQueue<>();
  private HttpServer receiver;

  @AfterEach
  void stop() {
    fixture.close();
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void subscribed_webhooks_arrive_signed_and_verify_with_the_app_secret_only() throws Exception {
    ShopifyWebhookVerifier right =
        new ShopifyWebhookVerifier(Secret.of(ShopifySimulatorOptions.DEFAULT_APP_SECRET));
    ShopifyWebhookVerifier wrong = new ShopifyWebhookVerifier(Secret.of("another-secret"));
    receiver =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/shopify",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String hmac = exchange.getRequestHeaders().getFirst("X-Shopify-Hmac-Sha256");
          verified.add(
              right.verify(body, hmac)
                  && !wrong.verify(body, hmac)
                  && !right.verify("{}".getBytes(StandardCharsets.UTF_8), hmac));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    ShopifyConnector connector = fixture.connector();
    String item = fixture.seedOne("HOOK-1", 1).inventoryItemId();

    String id =
        connector.subscribeWebhook(
            "INVENTORY_LEVELS_UPDATE",
            URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/shopify"));
    connector.setQuantities(
        "available", "correction", null, List.of(new QuantityChange(item, fixture.location, 5, 1)));

    assertThat(id).startsWith("gid://shopify/WebhookSubscription/");
    assertThat(verified.poll(10, TimeUnit.SECONDS)).isTrue();
    assertThat(right.verify(new byte[0], null)).isFalse();
  }
}
