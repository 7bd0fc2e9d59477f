package io.stockbridge.simulator.brightpearl;

import static io.stockbridge.simulator.brightpearl.WebhookReceiver.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.brightpearl.WebhookTemplate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorWebhookTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private BrightpearlSimulator simulator;
  private WebhookReceiver receiver;
  private SimHttp http;

  @BeforeEach
  void start() {
    simulator =
        BrightpearlSimulator.start(
            BrightpearlSimulatorOptions.builder()
                .webhookAttempts(4)
                .webhookRetryDelay(Duration.ofMillis(10))
                .build());
    simulator.control().seed(CatalogGenerator.Spec.ofProducts(100));
    receiver = new WebhookReceiver();
    http = new SimHttp(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
    receiver.close();
  }

  private long register(String event, boolean idSetAccepted, int qos) throws Exception {
    return register(event, idSetAccepted, qos, WebhookTemplate.LEGACY_BODY);
  }

  private long register(String event, boolean idSetAccepted, int qos, String template)
      throws Exception {
    String body =
        MAPPER
            .createObjectNode()
            .put("subscribeTo", event)
            .put("httpMethod", "POST")
            .put("uriTemplate", receiver.url("bp?secret=s3cret"))
            .put("bodyTemplate", template)
            .put("contentType", WebhookTemplate.CONTENT_TYPE)
            .put("idSetAccepted", idSetAccepted)
            .put("qualityOfService", qos)
            .toString();
    SimHttp.Answer answer = http.api("POST", "/integration-service/webhook", body);
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().path("response").asLong();
  }

  @Test
  void a_stock_burst_sends_one_on_hand_modified_webhook_rendering_the_body_template_with_an_id_set()
      throws Exception {
    register(
        "product.modified.on-hand-modified",
        true,
        1,
        WebhookTemplate.body("product.modified.on-hand-modified"));

    simulator
        .control()
        .stockBurst(
            List.of(
                new SimControl.StockUpdate("SKU-1001", 1, 500),
                new SimControl.StockUpdate("SKU-1002", 1, 501),
                new SimControl.StockUpdate("SKU-1003", 2, 502),
                new SimControl.StockUpdate("SKU-1050", 1, 503)));

    awaitTrue(() -> receiver.received().size() == 1, WAIT, "one webhook");
    WebhookReceiver.Received received = receiver.received().get(0);
    JsonNode body = MAPPER.readTree(received.body());
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.query()).isEqualTo("secret=s3cret");
    assertThat(received.contentType()).isEqualTo("application/json");
    assertThat(body.path(WebhookTemplate.FIELD_ACCOUNT).asText()).isEqualTo("stockbridgesim");
    assertThat(body.path(WebhookTemplate.FIELD_RESOURCE_TYPE).asText()).isEqualTo("product");
    assertThat(body.path(WebhookTemplate.FIELD_ID_SET).asText()).isEqualTo("1001-1003,1050");
    assertThat(body.path(WebhookTemplate.FIELD_LIFECYCLE).asText()).isEqualTo("modified");
    assertThat(body.path(WebhookTemplate.FIELD_EVENT).asText())
        .isEqualTo("product.modified.on-hand-modified");
    assertThat(body.path(WebhookTemplate.FIELD_RAISED_ON).asText()).endsWith("Z");
  }

  @Test
  void only_the_five_documented_variables_are_rendered_any_other_renders_empty() throws Exception {
    register("product.modified.on-hand-modified", true, 1, WebhookTemplate.LEGACY_BODY);

    simulator.control().stockBurst(List.of(new SimControl.StockUpdate("SKU-1001", 1, 777)));

    awaitTrue(() -> receiver.received().size() == 1, WAIT, "one webhook");
    JsonNode body = MAPPER.readTree(receiver.received().get(0).body());
    assertThat(body.path(WebhookTemplate.FIELD_RESOURCE_TYPE).asText()).isEqualTo("product");
    assertThat(body.path(WebhookTemplate.FIELD_LIFECYCLE).asText()).isEqualTo("modified");
    assertThat(body.path(WebhookTemplate.FIELD_ID_SET).asText()).isEqualTo("1001");
    // Brightpearl documents neither: a client that needs them would mistake the event.
    assertThat(body.path(WebhookTemplate.FIELD_SPECIFIER).asText()).isEmpty();
    assertThat(body.path("brightpearlVersion").asText()).isEmpty();
  }

  @Test
  void burst_mode_sends_an_import_as_long_scattered_id_sets_of_at_most_the_set_size()
      throws Exception {
    simulator.control().seed(CatalogGenerator.Spec.ofProducts(2000));
    register(
        "product.modified.on-hand-modified",
        true,
        1,
        WebhookTemplate.body("product.modified.on-hand-modified"));
    SimHttp.Answer mode =
        http.control("PUT", "/_control/faults", "{\"importIdSetSize\":200}", "application/json");
    assertThat(mode.status()).as(mode.raw().body()).isEqualTo(200);
    assertThat(simulator.faults().settings().importIdSetSize()).isEqualTo(200);

    SimControl.Outcome burst = simulator.control().randomStockBurst(600, 1, 5);

    int expected = (burst.changed().size() + 199) / 200;
    assertThat(burst.webhooksQueued()).isEqualTo(expected);
    awaitTrue(() -> receiver.received().size() == expected, WAIT, expected + " webhooks");
    List<String> idSets = receiver.received().stream().map(r -> idOf(r.body())).toList();
    assertThat(idSets).allSatisfy(text -> assertThat(text).doesNotContain("-"));
    assertThat(idSets.get(0).split(",")).hasSize(200);
    assertThat(idSets.get(0).length()).isGreaterThan(900);
    // Scattered and in import order: not sorted, as an import names them.
    List<Long> first =
        java.util.Arrays.stream(idSets.get(0).split(",")).map(Long::valueOf).toList();
    assertThat(first).isNotEqualTo(first.stream().sorted().toList());
    assertThat(
            idSets.stream()
                .flatMap(text -> java.util.Arrays.stream(text.split(",")))
                .map(Long::valueOf)
                .collect(java.util.stream.Collectors.toSet()))
        .isEqualTo(java.util.Set.copyOf(burst.changed().ids()));
  }

  @Test
  void without_id_set_acceptance_every_id_gets_its_own_request() throws Exception {
    register("product", false, 1);

    simulator.control().createProducts(3, true);

    awaitTrue(() -> receiver.received().size() == 3, WAIT, "three webhooks");
    List<String> ids = receiver.received().stream().map(r -> idOf(r.body())).sorted().toList();
    assertThat(ids).containsExactly("1101", "1102", "1103");
  }

  @Test
  void subscriptions_cover_only_their_event_and_its_descendants() throws Exception {
    register("product.created", true, 1);
    register("product.modified", true, 1);

    simulator.control().stockBurst(List.of(new SimControl.StockUpdate("SKU-1001", 1, 999)));
    simulator.control().deleteProduct(1002);
    simulator.control().renameCategory(1, "Shoes");

    awaitTrue(() -> receiver.received().size() == 1, WAIT, "the on-hand webhook");
    assertThat(idOf(receiver.received().get(0).body())).isEqualTo("1001");
  }

  @Test
  void qos_1_retries_failed_deliveries_until_accepted() throws Exception {
    register("product.created", true, 1);
    receiver.answerWith(500, 503, 502);

    simulator.control().createProducts(1, true);

    awaitTrue(
        () -> simulator.counters().get(SimCounters.WEBHOOKS_DELIVERED) == 1, WAIT, "delivery");
    assertThat(receiver.received()).hasSize(4);
    assertThat(simulator.counters().get(SimCounters.WEBHOOKS_RETRIED)).isEqualTo(3);
  }

  @Test
  void qos_1_does_not_retry_a_4xx_answer() throws Exception {
    register("product.created", true, 1);
    receiver.answerWith(401);

    simulator.control().createProducts(1, true);

    awaitTrue(() -> simulator.counters().get(SimCounters.WEBHOOKS_FAILED) == 1, WAIT, "give-up");
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void qos_0_retries_only_a_503_answer() throws Exception {
    register("product.created", true, 0);
    receiver.answerWith(503, 500);

    simulator.control().createProducts(1, true);

    awaitTrue(() -> simulator.counters().get(SimCounters.WEBHOOKS_FAILED) == 1, WAIT, "give-up");
    assertThat(receiver.received()).hasSize(2);
    assertThat(simulator.counters().get(SimCounters.WEBHOOKS_DELIVERED)).isZero();
  }

  @Test
  void dropped_and_duplicated_webhook_faults_lose_or_repeat_deliveries() throws Exception {
    register("product.created", true, 1);
    simulator.faults().set(new SimFaults.Settings(0, 500, 0, 0, 0, 0, 0, false, 1.0, 0, 0, 1));
    simulator.control().createProducts(1, true);
    simulator.faults().set(new SimFaults.Settings(0, 500, 0, 0, 0, 0, 0, false, 0, 1.0, 0, 1));
    simulator.control().createProducts(1, true);

    awaitTrue(() -> receiver.received().size() == 2, WAIT, "the duplicated webhook");
    assertThat(receiver.received()).extracting(r -> idOf(r.body())).containsExactly("1102", "1102");
    assertThat(simulator.counters().get(SimCounters.WEBHOOKS_DROPPED)).isEqualTo(1);
  }

  @Test
  void late_webhook_faults_hold_deliveries_back_but_still_deliver_them() throws Exception {
    register("product.created", true, 1);
    simulator.faults().set(new SimFaults.Settings(0, 500, 0, 0, 0, 0, 0, false, 0, 0, 1500, 1));

    simulator.control().createProducts(1, true);

    assertThat(receiver.received()).isEmpty();
    awaitTrue(() -> receiver.received().size() == 1, WAIT, "the late webhook");
  }

  @Test
  void registered_webhooks_are_listed_and_deleted_through_the_api() throws Exception {
    long id = register("product.created", true, 1);

    JsonNode listed = http.api("GET", "/integration-service/webhook").json().path("response");
    SimHttp.Answer deleted = http.api("DELETE", "/integration-service/webhook/" + id);
    SimHttp.Answer missing = http.api("GET", "/integration-service/webhook/" + id);

    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("idSetAccepted").asBoolean()).isTrue();
    assertThat(listed.get(0).path("qualityOfService").asInt()).isEqualTo(1);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(missing.status()).isEqualTo(404);
  }

  private static String idOf(String body) {
    try {
      return MAPPER.readTree(body).path(WebhookTemplate.FIELD_ID_SET).asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
