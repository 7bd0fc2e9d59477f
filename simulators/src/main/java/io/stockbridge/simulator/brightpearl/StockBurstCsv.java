package io.stockbridge.simulator.brightpearl;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV form of a stock burst: one {@code sku,onHand[,warehouseId]} per line (warehouse 1 when
 * left out), an optional header line. Stateless.
 */
public final class StockBurstCsv {
  private StockBurstCsv() {}

  /**
   * Lines {@code sku,onHand[,warehouseId]}; a first line whose onHand is not a number is a header.
   */
  public static List<SimControl.StockUpdate> parse(String csv) {
    List<SimControl.StockUpdate> updates = new ArrayList<>();
    boolean first = true;
    for (String line : csv.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] cells = trimmed.split(",");
      boolean header = first && (cells.length < 2 || !cells[1].strip().matches("-?\\d+"));
      first = false;
      if (header) {
        continue;
      }
      try {
        long warehouse = cells.length > 2 ? Long.parseLong(cells[2].strip()) : 1;
        updates.add(
            new SimControl.StockUpdate(
                cells[0].strip(), warehouse, Long.parseLong(cells[1].strip())));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad stock-burst line '" + trimmed + "'", e);
      }
    }
    return updates;
  }
}
