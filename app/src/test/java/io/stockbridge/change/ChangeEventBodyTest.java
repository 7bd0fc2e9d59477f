package io.stockbridge.change;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change event's payload was built through a JSON tree, one per changed level inside the stock
 * write's transaction on SQLite's one writer: most of that transaction. It is now the record
 * written as it is with "version" put first, byte for byte what subscribers received before.
 */
class ChangeEventBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The payload as it was built before: a tree of the version and the record's fields. */
  private static String throughATree(Change change) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", Change.VERSION);
    node.setAll((ObjectNode) JSON.valueToTree(change));
    return node.toString();
  }

  @Test
  void every_change_type_s_payload_is_byte_for_byte_what_the_tree_made() {
    List<Change> changes =
        List.of(
            new StockChanged("eu", "SKU-1", 1001L, "gid://i/1", "L1", null, 5),
            new StockChanged("eu", "SKU \"quoted\" é", null, "gid://i/2", "L2", 7, 0),
            new ProductUpserted("eu", 7, "SKU-7", "gid://p/7", "gid://v/7", "gid://i/7", "h", true),
            new ProductDeleted("eu", 7, null, "gid://p/7", "DELETED"),
            new AlertRaised("StockbridgeQueueStalled", "no progress\nfor 5 min", null, "i-1"),
            new ReconciliationCompleted(3, "completed", null, 10, 2, 2, 0, null));
    for (Change change : changes) {
      assertThat(new String(ChangeEvents.body(change), StandardCharsets.UTF_8))
          .as(change.type())
          .isEqualTo(throughATree(change))
          .startsWith("{\"version\":1,");
    }
  }
}
