package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Standard Webhooks signatures against the specification's published test vector. */
class WebhookSignatureTest {
  // The test vector of the Standard Webhooks specification and its reference libraries.
  private static final Secret SECRET = Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void the_signature_of_the_published_test_vector_is_the_published_one() {
    assertThat(WebhookSignature.header(List.of(SECRET), ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void during_a_rotation_every_secret_signs_and_either_verifies() {
    Secret next = Secret.of("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
    String header = WebhookSignature.header(List.of(SECRET, next), ID, TIMESTAMP, BODY);
    assertThat(List.of(header.split(" "))).hasSize(2).first().isEqualTo(EXPECTED);
    assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, header)).isTrue();
    assertThat(WebhookSignature.verify(next, ID, TIMESTAMP, BODY, header)).isTrue();
  }

  @Test
  void the_reusable_signer_gives_the_published_signature_again_and_again_and_both_in_a_rotation() {
    Secret next = Secret.of("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
    WebhookSignature.Signer one = new WebhookSignature.Signer(List.of(SECRET));
    WebhookSignature.Signer two = new WebhookSignature.Signer(List.of(SECRET, next));
    for (int i = 0; i < 3; i++) { // each message starts from the key alone, not the last message
      assertThat(one.header(ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
      assertThat(one.header("msg_other", TIMESTAMP, BODY))
          .isEqualTo(WebhookSignature.header(List.of(SECRET), "msg_other", TIMESTAMP, BODY));
    }
    assertThat(two.header(ID, TIMESTAMP, BODY))
        .isEqualTo(WebhookSignature.header(List.of(SECRET, next), ID, TIMESTAMP, BODY))
        .startsWith(EXPECTED + " v1,");
  }

  @Test
  void a_changed_body_id_or_timestamp_does_not_verify() {
    assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, "{}".getBytes(), EXPECTED)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "msg_other", TIMESTAMP, BODY, EXPECTED)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP + 1, BODY, EXPECTED)).isFalse();
  }
}
