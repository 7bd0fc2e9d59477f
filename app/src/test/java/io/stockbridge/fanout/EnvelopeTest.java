package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The envelope every subscriber gets: its fields, and the stored payload as its data. */
class EnvelopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Delivery delivery(String store, String payload) {
    return new Delivery(
        7,
        "hooks",
        42,
        "stock.changed",
        store,
        "SKU-1",
        1_700_000_000_123L,
        0,
        payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void the_envelope_names_the_event_and_carries_the_stored_payload_as_its_data() throws Exception {
    String payload =
        "{\"version\":1,\"sku\":\"SKU-1\",\"old\":3,\"new\":4,\"note\":\"caf\\u00e9 \\\"x\\\"\"}";
    JsonNode envelope = JSON.readTree(Envelope.body(delivery("main", payload)));
    assertThat(envelope.get("id").asText()).isEqualTo("42");
    assertThat(envelope.get("type").asText()).isEqualTo("stock.changed");
    assertThat(envelope.get("timestamp").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(envelope.get("store").asText()).isEqualTo("main");
    assertThat(envelope.get("key").asText()).isEqualTo("SKU-1");
    assertThat(envelope.get("data")).isEqualTo(JSON.readTree(payload));
    assertThat(Envelope.messageId(delivery("main", payload))).isEqualTo("42");
  }

  @Test
  void a_store_less_event_has_a_null_store_and_a_dropped_payload_null_data() throws Exception {
    JsonNode envelope = JSON.readTree(Envelope.body(delivery(null, null)));
    assertThat(envelope.get("store").isNull()).isTrue();
    assertThat(envelope.get("data").isNull()).isTrue();
  }

  @Test
  void a_payload_that_is_not_one_json_value_goes_in_as_a_string_and_the_envelope_stays_json()
      throws Exception {
    for (String bad : new String[] {"not json", "{\"a\":1} trailing", "{\"a\":", "", "[1,2] [3]"}) {
      JsonNode envelope = JSON.readTree(Envelope.body(delivery("main", bad)));
      assertThat(envelope.get("data").isTextual()).as(bad).isTrue();
      assertThat(envelope.get("data").asText()).isEqualTo(bad);
    }
  }
}
