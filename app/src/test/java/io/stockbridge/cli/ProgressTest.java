package io.stockbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Progress progress(boolean terminal) {
    return new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), "full sync", terminal);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void without_a_terminal_a_line_per_stage_and_per_tenth_done_and_no_control_characters() {
    Progress progress = progress(false);
    progress.update("waiting for a node to start it", 0, 0);
    progress.update("waiting for a node to start it", 0, 0);
    progress.update("products", 0, 1000);
    progress.update("products", 50, 1000);
    progress.update("products", 99, 1000);
    progress.update("products", 100, 1000);
    progress.update("products", 350, 1000);
    progress.update("products", 1000, 1000);
    progress.update("corrections", 3, 0);
    progress.done("completed: checked 1000, drifted 3, fixed 3, failed 0");

    assertThat(printed().split("\n"))
        .containsExactly(
            "full sync: waiting for a node to start it ",
            "full sync: products 0/1000 (0%)",
            "full sync: products 100/1000 (10%)",
            "full sync: products 350/1000 (35%)",
            "full sync: products 1000/1000 (100%)",
            "full sync: corrections (3)",
            "full sync: completed: checked 1000, drifted 3, fixed 3, failed 0");
    assertThat(printed()).doesNotContain("\r").doesNotContain("#");
  }

  @Test
  void on_a_terminal_one_line_is_redrawn_with_a_bar_and_cleared_at_the_end() {
    Progress progress = progress(true);
    progress.update("products", 500, 1000);
    assertThat(printed())
        .isEqualTo("\rfull sync: products [" + "#".repeat(15) + ".".repeat(15) + "] 50% 500/1000");
    progress.done("completed");
    assertThat(printed()).endsWith("\rfull sync: completed\n").containsOnlyOnce("\n");
  }

  @Test
  void counts_beyond_the_total_are_shown_as_the_total() {
    assertThat(Progress.figures(1200, 1000, false)).isEqualTo("1000/1000 (100%)");
    assertThat(Progress.figures(0, 0, true)).isEmpty();
  }
}
