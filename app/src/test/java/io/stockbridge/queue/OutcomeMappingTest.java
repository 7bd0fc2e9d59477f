package io.stockbridge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.connector.brightpearl.BrightpearlRequestException;
import io.stockbridge.connector.brightpearl.BrightpearlThrottledException;
import io.stockbridge.connector.brightpearl.BrightpearlUnavailableException;
import io.stockbridge.connector.shopify.ShopifyRetryLaterException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The one mapping from exceptions to outcomes that the dispatcher and every flow share. */
class OutcomeMappingTest {
  @Test
  void throttles_and_retry_later_answers_of_either_connector_are_retry_afters() {
    assertThat(
            Outcome.of(new ShopifyRetryLaterException("THROTTLED", Duration.ofMillis(1500), null)))
        .isEqualTo(new Outcome.RetryAfter(Duration.ofMillis(1500), "THROTTLED"));
    assertThat(Outcome.of(new BrightpearlThrottledException("budget", Duration.ofSeconds(2))))
        .isEqualTo(new Outcome.RetryAfter(Duration.ofSeconds(2), "budget"));
    assertThat(Outcome.of(new BrightpearlUnavailableException("503 x3", null, null)))
        .isEqualTo(new Outcome.RetryAfter(Duration.ZERO, "503 x3"));
  }

  @Test
  void a_retry_later_wrapped_by_another_exception_is_still_a_retry_after() {
    RuntimeException wrapped =
        new CompletionException(
            new IllegalStateException(
                "flush failed",
                new ShopifyRetryLaterException("503", Duration.ofSeconds(1), null)));

    assertThat(Outcome.of(wrapped)).isEqualTo(new Outcome.RetryAfter(Duration.ofSeconds(1), "503"));
  }

  @Test
  void refusals_and_unexpected_errors_are_failures_that_spend_an_attempt() {
    RuntimeException refused = new BrightpearlRequestException("400 bad id set", 400, List.of());
    IllegalStateException bug = new IllegalStateException("bug");

    assertThat(Outcome.of(refused)).isEqualTo(new Outcome.Failed(refused));
    assertThat(Outcome.of(bug)).isEqualTo(new Outcome.Failed(bug));
  }

  @Test
  void a_negative_or_missing_delay_is_read_as_no_delay_and_the_queue_applies_its_floor() {
    assertThat(new Outcome.RetryAfter(Duration.ofMillis(-5), "x").delay()).isZero();
    assertThat(new Outcome.RetryAfter(null, "x").delay()).isZero();
  }
}
