package io.stockbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrightpearlReadBenchTest {
  @Test
  void reads_availability_of_10000_products_in_at_most_51_requests(@TempDir Path dir) {
    Map<String, Object> figures =
        BrightpearlReadBench.run(new BenchOptions("sqlite", "", dir, Map.of()));

    assertThat(figures.get("brightpearl_products_read")).isEqualTo(10_000);
    assertThat((Long) figures.get("brightpearl_requests")).isLessThanOrEqualTo(51);
    assertThat(figures.get("brightpearl_throttled")).isEqualTo(0L);
    assertThat(figures).containsKey("brightpearl_seconds");
  }
}
