package io.stockbridge.simulator.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StockBurstCsvTest {
  @Test
  void lines_name_sku_on_hand_and_optionally_the_warehouse() {
    assertThat(StockBurstCsv.parse("A-1,5\nB-2,7,3\n\n"))
        .containsExactly(
            new SimControl.StockUpdate("A-1", 1, 5), new SimControl.StockUpdate("B-2", 3, 7));
  }

  @Test
  void regression_skus_starting_with_sku_were_mistaken_for_header_lines() {
    assertThat(StockBurstCsv.parse("sku,onHand\nSKU-1001,42\nsku-9,1"))
        .extracting(SimControl.StockUpdate::sku)
        .containsExactly("SKU-1001", "sku-9");
  }

  @Test
  void a_bad_line_is_refused_with_the_line_in_the_message() {
    assertThatThrownBy(() -> StockBurstCsv.parse("A-1,5\nB-2,lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("B-2,lots");
  }
}
