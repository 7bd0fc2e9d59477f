package io.stockbridge.connector.brightpearl;

import static io.stockbridge.simulator.brightpearl.WebhookReceiver.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.brightpearl.WebhookTemplate;
import io.stockbridge.config.Secret;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.WebhookReceiver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StockbridgeWebhooksTest {
  private final ConnectorFixture fixture = new ConnectorFixture();
  private final WebhookReceiver receiver = new WebhookReceiver();

  @AfterEach
  void stop() {
    fixture.close();
    receiver.close();
  }

  @Test
  void
      registers_the_five_events_with_id_sets_qos_1_the_event_in_the_template_and_the_secret_in_the_uri() {
    try (BrightpearlClient client = fixture.client()) {
      List<StockbridgeWebhooks.Result> results =
          StockbridgeWebhooks.register(
              client, URI.create(receiver.url("bp")), Secret.of("s e/cret"));

      assertThat(results).extracting(StockbridgeWebhooks.Result::action).containsOnly("registered");
      List<WebhookSubscription> registered = client.webhooks();
      assertThat(registered)
          .extracting(WebhookSubscription::subscribeTo)
          .containsExactlyElementsOf(StockbridgeWebhooks.EVENTS);
      assertThat(registered)
          .allSatisfy(
              w -> {
                assertThat(w.idSetAccepted()).isTrue();
                assertThat(w.qualityOfService()).isEqualTo(1);
                assertThat(w.bodyTemplate())
                    .isEqualTo(WebhookTemplate.body(w.subscribeTo()))
                    .contains("\"event\":\"" + w.subscribeTo() + "\"");
                assertThat(StockbridgeWebhooks.differences(w)).isEmpty();
                assertThat(w.uriTemplate()).endsWith("/hook/bp?secret=s+e%2Fcret");
                assertThat(w.toString()).doesNotContain("cret");
              });
    }
  }

  @Test
  void registering_again_keeps_matching_webhooks_and_replaces_ones_with_an_old_secret() {
    try (BrightpearlClient client = fixture.client()) {
      URI callback = URI.create(receiver.url("bp"));
      StockbridgeWebhooks.register(client, callback, Secret.of("old"));

      List<StockbridgeWebhooks.Result> same =
          StockbridgeWebhooks.register(client, callback, Secret.of("old"));
      List<StockbridgeWebhooks.Result> rotated =
          StockbridgeWebhooks.register(client, callback, Secret.of("new"));

      assertThat(same).extracting(StockbridgeWebhooks.Result::action).containsOnly("kept");
      assertThat(rotated).extracting(StockbridgeWebhooks.Result::action).containsOnly("replaced");
      assertThat(client.webhooks())
          .hasSize(StockbridgeWebhooks.EVENTS.size())
          .allSatisfy(w -> assertThat(w.uriTemplate()).endsWith("secret=new"));
    }
  }

  @Test
  void registering_replaces_webhooks_that_rely_on_the_older_template() {
    try (BrightpearlClient client = fixture.client()) {
      URI callback = URI.create(receiver.url("bp"));
      WebhookSubscription wanted =
          StockbridgeWebhooks.wanted("product.modified.on-hand-modified", callback, Secret.of("k"));
      client.registerWebhook(
          new WebhookSubscription(
              null,
              wanted.subscribeTo(),
              "POST",
              wanted.uriTemplate(),
              WebhookTemplate.LEGACY_BODY,
              WebhookTemplate.CONTENT_TYPE,
              true,
              1));
      assertThat(client.webhooks())
          .singleElement()
          .satisfies(
              w ->
                  assertThat(StockbridgeWebhooks.differences(w))
                      .containsExactly("older template (relies on ${resource-specifier})"));

      List<StockbridgeWebhooks.Result> results =
          StockbridgeWebhooks.register(client, callback, Secret.of("k"));

      assertThat(results)
          .filteredOn(r -> r.event().equals("product.modified.on-hand-modified"))
          .extracting(StockbridgeWebhooks.Result::action)
          .containsExactly("replaced");
      assertThat(client.webhooks())
          .hasSize(5)
          .allSatisfy(w -> assertThat(StockbridgeWebhooks.differences(w)).isEmpty());
    }
  }

  @Test
  void a_registered_webhook_delivers_a_stock_burst_as_one_id_set_our_template_describes()
      throws Exception {
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(20));
    try (BrightpearlClient client = fixture.client()) {
      StockbridgeWebhooks.register(client, URI.create(receiver.url("bp")), Secret.of("k"));
    }

    fixture
        .simulator
        .control()
        .stockBurst(
            List.of(
                new SimControl.StockUpdate("SKU-1003", 1, 300),
                new SimControl.StockUpdate("SKU-1004", 1, 301)));

    // At least once: under load a slow answer may be delivered again (QoS 1), never split. The
    // product.modified webhook covers the on-hand event too; its body names its own event.
    awaitTrue(
        () -> receiver.received().stream().anyMatch(r -> r.body().contains("on-hand-modified")),
        Duration.ofSeconds(10),
        "the on-hand webhook");
    WebhookReceiver.Received onHand =
        receiver.received().stream()
            .filter(r -> r.body().contains("on-hand-modified"))
            .findFirst()
            .orElseThrow();
    JsonNode body = new ObjectMapper().readTree(onHand.body());
    assertThat(onHand.query()).isEqualTo("secret=k");
    assertThat(body.path(WebhookTemplate.FIELD_EVENT).asText())
        .isEqualTo("product.modified.on-hand-modified");
    assertThat(body.path(WebhookTemplate.FIELD_ID_SET).asText()).isEqualTo("1003-1004");
  }
}
