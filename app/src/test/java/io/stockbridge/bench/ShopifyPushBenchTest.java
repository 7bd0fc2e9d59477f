package io.stockbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopifyPushBenchTest {
  @Test
  void pushes_every_update_without_a_throttled_answer(@TempDir Path dir) {
    Map<String, Object> figures =
        ShopifyPushBench.run(new BenchOptions("sqlite", null, dir, Map.of("updates", "1000")));

    assertThat(figures)
        .containsEntry("applied", 1000L)
        .containsEntry("throttled", 0L)
        .containsEntry("shopify_calls", 4L);
    assertThat(figures).containsKeys("seconds", "seconds_limit");
  }
}
