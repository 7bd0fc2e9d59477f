package io.stockbridge.idset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** An ID set's parse work is bounded by its text and by the ids its ranges span. */
class IdSetLimitsTest {
  /**
   * Regression (issue 10): {@code 1-100000} a thousand times (a 9 KB body) took 8 s of a core,
   * because the limit counted distinct ids only. Repeats count, so parsing stops at the 11th range.
   */
  @Test
  void a_range_repeated_a_thousand_times_is_refused_by_its_span_without_costing_cpu() {
    String repeated = String.join(",", Collections.nCopies(1000, "1-100000"));
    Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertThatThrownBy(() -> IdSet.parse(repeated, 1_000_000))
                .isInstanceOf(InvalidIdSetException.class)
                .hasMessageContaining("spans more than 1000000 ids")
                .hasMessageContaining("repeats included")
                .matches(e -> ((InvalidIdSetException) e).exceedsLimit()));
  }

  @Test
  void a_text_longer_than_the_text_limit_is_refused_naming_that_limit() {
    String longText = "1," + "7,".repeat(IdSet.MAX_TEXT_CHARS / 2) + "9";
    assertThatThrownBy(() -> IdSet.parse(longText, 1_000_000))
        .isInstanceOf(InvalidIdSetException.class)
        .hasMessageContaining("the limit of its text is " + IdSet.MAX_TEXT_CHARS + " characters");
  }

  @Test
  void a_set_within_both_limits_is_parsed_with_repeats_collapsed() {
    IdSet ids = IdSet.parse(String.join(",", Collections.nCopies(10, "1-100000")), 1_000_000);
    assertThat(ids.size()).isEqualTo(100_000);
    assertThat(ids).hasToString("1-100000");
  }

  @Test
  void digits_of_other_scripts_are_not_ids() {
    assertThatThrownBy(() -> IdSet.parse("\u0661\u0662,4"))
        .isInstanceOf(InvalidIdSetException.class)
        .hasMessageContaining("invalid id");
    assertThatThrownBy(() -> IdSet.parse("\uff11-\uff19"))
        .isInstanceOf(InvalidIdSetException.class)
        .hasMessageContaining("invalid id");
  }
}
