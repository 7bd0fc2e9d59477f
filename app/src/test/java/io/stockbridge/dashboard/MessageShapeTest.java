package io.stockbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The same failure of different events has one message shape, and so one issue. */
class MessageShapeTest {
  @Test
  void ids_numbers_quoted_values_and_global_ids_do_not_split_an_issue() {
    assertThat(MessageShape.of("attempt 1 of 2 failed: label printer refused product 1004"))
        .isEqualTo(MessageShape.of("attempt 2 of 2 failed: label printer refused product 1005"))
        .isEqualTo("attempt # of # failed: label printer refused product #");
    assertThat(MessageShape.of("SKU 'AB-12' refused at gid://shopify/Location/77"))
        .isEqualTo("SKU '…' refused at gid://…");
  }

  @Test
  void different_causes_keep_different_shapes_and_fingerprints() {
    String refused = MessageShape.of("printer refused product 1");
    String offline = MessageShape.of("printer offline");
    assertThat(refused).isNotEqualTo(offline);
    assertThat(MessageShape.fingerprint("f", "s", "E", refused))
        .isNotEqualTo(MessageShape.fingerprint("f", "s", "E", offline))
        .isNotEqualTo(MessageShape.fingerprint("f", "other", "E", refused))
        .hasSize(16);
  }

  @Test
  void a_long_or_empty_message_still_has_a_bounded_shape() {
    assertThat(MessageShape.of("x".repeat(1000))).hasSize(MessageShape.MAX_LENGTH);
    assertThat(MessageShape.of(null)).isEqualTo("(no message)");
  }
}
