package io.stockbridge.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one backoff: exponential, capped, jittered. */
class BackoffTest {
  @Test
  void backoff_grows_exponentially_within_jitter_and_caps_at_the_maximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(3));
    for (int attempt = 1; attempt <= 10; attempt++) {
      long full = Math.min(60_000, 1000L << (attempt - 1));
      long delay = backoff.delayAfter(attempt).toMillis();
      assertThat(delay).as("attempt " + attempt).isBetween(full / 2, full);
    }
  }

  @Test
  void items_failing_together_do_not_come_back_together() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(3));
    java.util.Set<Long> delays = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      delays.add(backoff.delayAfter(5).toMillis());
    }
    assertThat(delays).hasSizeGreaterThan(10);
  }

  @Test
  void a_zero_base_or_a_maximum_below_the_base_is_refused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
        .hasMessageContaining("0 < base <= max");
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
        .hasMessageContaining("0 < base <= max");
  }
}
