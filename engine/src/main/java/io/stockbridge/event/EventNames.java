package io.stockbridge.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.http.Json;
import io.stockbridge.idset.IdRanges;
import io.stockbridge.idset.IdRanges.Range;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an event names, for the search index (migration V11): the ids of its ID set, the SKUs and
 * order names of its payload. Each event gets a bounded number of index rows, however long its ID
 * set:
 *
 * <ul>
 *   <li>a range of at most {@value #EXPANDED_RANGE} ids becomes one exact name per id;
 *   <li>a longer range becomes one row per {@value #BUCKET}-id bucket it touches (a lookup reads
 *       the one bucket its id falls in, and checks the range's ends);
 *   <li>an ID set that would need more than {@value #MAX_ROWS} rows becomes one wide row (its first
 *       and last id, bucket {@value #WIDE_BUCKET}), and a lookup checks the event's key.
 * </ul>
 *
 * Per source: Brightpearl's ID set names products for {@code product.*} events (other resources
 * under their own kind, e.g. {@code brightpearl-category}, {@code goods-out-note}); Shopify
 * payloads name SKUs (products' variants, inventory items, order and refund lines), order names,
 * the customer's email as its hash ({@link EventName#email}, never the address) and, for refunds,
 * the order's id ({@link EventName#SHOPIFY_ORDER}); the catch-up poll's {@code order.catch-up}
 * events name their order; other sources' keys name products when they are ID sets and a SKU
 * otherwise, and a {@code sku} field (top level or under {@code data}) names one. At most {@value
 * #MAX_NAMES} names per event. A name that is the event's whole key (one product id, one SKU) gets
 * no row: the events' own key index finds it ({@link #servedByKey}). Stateless, thread-safe.
 */
public final class EventNames {
  /** Ranges up to this many ids are stored id by id. */
  public static final int EXPANDED_RANGE = 16;

  /** Ids per bucket of the range index. */
  public static final long BUCKET = 1024;

  /** The bucket of wide rows: ID sets too scattered for the buckets. */
  public static final long WIDE_BUCKET = -1;

  /** Most id rows (names and range buckets) one ID set gets before it becomes one wide row. */
  public static final int MAX_ROWS = 2000;

  /** The catch-up poll's event type (flow.FlowKinds.ORDER_CATCH_UP). */
  static final String ORDER_CATCH_UP = "order.catch-up";

  /** Most SKUs and order names taken from one payload. */
  public static final int MAX_NAMES = 500;

  private EventNames() {}

  /** A range of ids in the index: its bucket and ends. */
  public record RangeRow(String kind, long bucket, long first, long last) {}

  /** The index rows of one event. */
  public record Rows(List<EventName> names, List<RangeRow> ranges) {
    public static final Rows NONE = new Rows(List.of(), List.of());

    public boolean isEmpty() {
      return names.isEmpty() && ranges.isEmpty();
    }
  }

  /** The bucket an id falls in. */
  public static long bucket(long id) {
    return id / BUCKET;
  }

  public static Rows of(NewEvent event) {
    return of(event.source(), event.type(), event.key(), event.payload());
  }

  /** The rows of an event by its source, type, key and payload (null when gone). */
  public static Rows of(String source, String type, String key, byte[] payload) {
    List<EventName> names = new ArrayList<>();
    List<RangeRow> ranges = new ArrayList<>();
    switch (source == null ? "" : source) {
      case "brightpearl" -> {
        int dot = type == null ? -1 : type.indexOf('.');
        String resource = type == null ? "" : dot < 0 ? type : type.substring(0, dot);
        ids(resource.isEmpty() ? EventName.PRODUCT : resource, key, names, ranges);
      }
      case "shopify" -> names.addAll(shopifyNames(type, payload));
      case "stockbridge" -> {
        if (ORDER_CATCH_UP.equals(type)) {
          names.addAll(catchUpNames(payload));
        } else {
          generic(key, payload, names, ranges);
        }
      }
      default -> generic(key, payload, names, ranges);
    }
    if (key != null && !names.isEmpty()) {
      // A name that is the whole key is found through the events' key index (see servedByKey):
      // the commonest events (one product id, one SKU) cost the index no row at all.
      names.removeIf(name -> name.value().equals(key) && servedByKey(source, type, name.kind()));
    }
    if (names.isEmpty() && ranges.isEmpty()) {
      return Rows.NONE;
    }
    return new Rows(distinct(names), ranges);
  }

  /** Other sources: a key that is an ID set names products, else a SKU; a {@code sku} field. */
  private static void generic(
      String key, byte[] payload, List<EventName> names, List<RangeRow> ranges) {
    if (key != null && !key.isBlank()) {
      if (IdRanges.parse(key).isPresent()) {
        ids(EventName.PRODUCT, key, names, ranges);
      } else {
        names.add(EventName.sku(key.strip()));
      }
    }
    names.addAll(genericNames(payload));
  }

  /** The catch-up poll's event of a missed order: the order's name. */
  private static List<EventName> catchUpNames(byte[] payload) {
    JsonNode json = json(payload);
    if (json == null) {
      return List.of();
    }
    List<EventName> names = new ArrayList<>();
    JsonNode name = json.get("name");
    if (name != null && name.isTextual() && !name.textValue().isBlank()) {
      names.add(EventName.order(name.textValue().strip()));
    }
    return names;
  }

  /**
   * Whether an event of this source and type whose whole key is a name of {@code kind} is found by
   * its key instead of an index row: a product id keying a Brightpearl product event or an event of
   * another source than Shopify (generic, Stockbridge's own), a SKU keying an event of another
   * source than Brightpearl and Shopify. The search's key stream reads exactly these ({@code
   * store.jdbc.JdbcEventNames}).
   */
  public static boolean servedByKey(String source, String type, String kind) {
    boolean other = !"brightpearl".equals(source) && !"shopify".equals(source);
    return switch (kind) {
      case EventName.PRODUCT ->
          other
              || ("brightpearl".equals(source)
                  && type != null
                  && (type.equals(EventName.PRODUCT) || type.startsWith("product.")));
      case EventName.SKU -> other;
      default -> false;
    };
  }

  private static void ids(String kind, String key, List<EventName> names, List<RangeRow> out) {
    Optional<List<Range>> parsed = IdRanges.parse(key);
    if (parsed.isEmpty()) {
      return;
    }
    List<Range> ranges = parsed.get();
    long rows = 0;
    for (Range range : ranges) {
      rows +=
          range.size() <= EXPANDED_RANGE
              ? range.size()
              : bucket(range.last()) - bucket(range.first()) + 1;
      if (rows > MAX_ROWS) {
        out.add(
            new RangeRow(
                kind, WIDE_BUCKET, ranges.get(0).first(), ranges.get(ranges.size() - 1).last()));
        return;
      }
    }
    for (Range range : ranges) {
      if (range.size() <= EXPANDED_RANGE) {
        for (long id = range.first(); id <= range.last(); id++) {
          names.add(new EventName(kind, Long.toString(id)));
        }
      } else {
        for (long b = bucket(range.first()); b <= bucket(range.last()); b++) {
          out.add(new RangeRow(kind, b, range.first(), range.last()));
        }
      }
    }
  }

  private static List<EventName> shopifyNames(String type, byte[] payload) {
    boolean order = type != null && type.startsWith("orders/");
    boolean refund = type != null && type.startsWith("refunds/");
    if (!order && !refund && !mentionsSku(payload)) {
      return List.of(); // most webhooks name no SKU: not worth parsing on the group commit
    }
    JsonNode json = json(payload);
    if (json == null) {
      return List.of();
    }
    List<EventName> names = new ArrayList<>();
    skus(json.get("sku"), names);
    JsonNode variants = json.get("variants");
    if (variants != null && variants.isArray()) {
      for (JsonNode variant : variants) {
        skus(variant.get("sku"), names);
      }
    }
    JsonNode lines = json.get("line_items");
    if (lines != null && lines.isArray()) {
      for (JsonNode line : lines) {
        skus(line.get("sku"), names);
      }
    }
    JsonNode refundLines = json.get("refund_line_items");
    if (refundLines != null && refundLines.isArray()) {
      for (JsonNode line : refundLines) {
        skus(line.path("line_item").get("sku"), names);
      }
    }
    if (order) {
      JsonNode name = json.get("name");
      if (name != null && name.isTextual() && !name.textValue().isBlank()) {
        names.add(EventName.order(name.textValue().strip()));
      }
      String email = text(json.get("email"));
      if (email == null) {
        email = text(json.path("customer").get("email"));
      }
      if (email != null) {
        names.add(EventName.email(email));
      }
    }
    if (refund) {
      JsonNode orderId = json.get("order_id");
      if (orderId != null && (orderId.isIntegralNumber() || orderId.isTextual())) {
        String id = orderId.asText().strip();
        if (!id.isEmpty()) {
          names.add(EventName.shopifyOrder(id));
        }
      }
    }
    return names;
  }

  /** A text value that is not blank, stripped; else null. */
  private static String text(JsonNode node) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      return null;
    }
    return node.textValue().strip();
  }

  private static List<EventName> genericNames(byte[] payload) {
    if (!mentionsSku(payload)) {
      return List.of();
    }
    JsonNode json = json(payload);
    if (json == null) {
      return List.of();
    }
    List<EventName> names = new ArrayList<>();
    skus(json.get("sku"), names);
    JsonNode data = json.get("data");
    if (data != null && data.isObject()) {
      skus(data.get("sku"), names);
    }
    return names;
  }

  private static void skus(JsonNode sku, List<EventName> names) {
    if (sku != null && (sku.isTextual() || sku.isNumber()) && names.size() < MAX_NAMES) {
      String text = sku.asText().strip();
      if (!text.isEmpty()) {
        names.add(EventName.sku(text));
      }
    }
  }

  /** Whether the body has the bytes {@code "sku"} anywhere (a field named so, perhaps). */
  private static boolean mentionsSku(byte[] payload) {
    if (payload == null) {
      return false;
    }
    for (int i = 0; i + 4 < payload.length; i++) {
      if (payload[i] == '"'
          && payload[i + 1] == 's'
          && payload[i + 2] == 'k'
          && payload[i + 3] == 'u'
          && payload[i + 4] == '"') {
        return true;
      }
    }
    return false;
  }

  private static JsonNode json(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return null;
    }
    try {
      JsonNode json = Json.MAPPER.readTree(payload);
      return json != null && json.isObject() ? json : null;
    } catch (java.io.IOException e) {
      return null; // a payload that is no JSON object names nothing
    }
  }

  private static List<EventName> distinct(List<EventName> names) {
    if (names.size() < 2) {
      return names;
    }
    Set<EventName> seen = new LinkedHashSet<>(names);
    return seen.size() == names.size() ? names : List.copyOf(seen);
  }
}
