package io.stockbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.admin.EventQueries;
import io.stockbridge.dashboard.EventFinder;
import io.stockbridge.event.EventName;
import io.stockbridge.event.EventPage;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.event.NewEvent;
import io.stockbridge.http.ApiException;
import io.stockbridge.maintenance.EventNameBackfill;
import io.stockbridge.store.jdbc.JdbcStorage;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Search by what events name (the index of migration V11): product ids of ID sets, also inside
 * ranges, SKUs and order names of payloads; paging, the other filters, the backfill of older
 * events. Run by a subclass per engine.
 */
abstract class EventNameSearchContractTest {
  static final long T0 = 1_800_000_000_000L;

  Storage storage;

  abstract Storage openStorage();

  void cleanUp() {}

  @BeforeEach
  void open() {
    storage = openStorage();
    storage.migrate();
  }

  @AfterEach
  void close() {
    storage.close();
    cleanUp();
  }

  static NewEvent event(String source, String type, String key, String payload) {
    return new NewEvent(
        source,
        type,
        key,
        "acct",
        null,
        "trace",
        null,
        "application/json",
        payload.getBytes(StandardCharsets.UTF_8),
        List.of());
  }

  static NewEvent brightpearl(String idSet) {
    return event(
        "brightpearl",
        "product.modified.on-hand-modified",
        idSet,
        "{\"id\":\"" + idSet + "\",\"resourceType\":\"product\"}");
  }

  long append(NewEvent event) {
    return storage.events().append(List.of(event), T0).get(0).eventId();
  }

  List<Long> ids(EventQuery query) {
    return storage.events().search(query).events().stream().map(EventRecord::id).toList();
  }

  static EventQuery byProduct(long id) {
    return EventQuery.all(50).withName(EventName.product(id));
  }

  static EventQuery bySku(String sku) {
    return EventQuery.all(50).withName(EventName.sku(sku));
  }

  @Test
  void a_brightpearl_event_is_found_by_one_of_its_product_ids_not_only_its_whole_key() {
    long event = append(brightpearl("1-5,99"));
    append(brightpearl("7"));

    assertThat(ids(byProduct(3))).containsExactly(event);
    assertThat(ids(byProduct(99))).containsExactly(event);
    assertThat(ids(byProduct(1))).containsExactly(event);
    assertThat(ids(byProduct(6))).isEmpty();
    assertThat(ids(byProduct(100))).isEmpty();
    assertThat(ids(EventQuery.all(50).withKey("1-5,99"))).containsExactly(event);
    assertThat(storage.events().count(byProduct(3))).isEqualTo(1);
    // The admin API's parameter reads the same index.
    assertThat(ids(EventQueries.fromMap(Map.of("productId", "4")))).containsExactly(event);
  }

  @Test
  void an_event_naming_only_its_whole_key_costs_the_index_no_row_and_is_still_found() {
    long product = append(brightpearl("7"));
    long sku = append(event("generic", "stock.changed", "SKU-7", "{\"data\":{\"sku\":\"SKU-7\"}}"));
    // A Shopify event keyed by an inventory item id is no product: it is not found as one.
    append(event("shopify", "inventory_levels/update", "7", "{\"inventory_item_id\":7}"));
    // A Brightpearl category event keyed 7 names category 7, not product 7.
    append(event("brightpearl", "brightpearl-category.modified", "7", "{}"));

    assertThat(rows("event_names") + rows("event_name_ranges")).isEqualTo(1);
    assertThat(ids(byProduct(7))).containsExactly(product);
    assertThat(ids(bySku("SKU-7"))).containsExactly(sku);
    assertThat(storage.events().count(byProduct(7))).isEqualTo(1);
    assertThat(storage.events().count(bySku("SKU-7"))).isEqualTo(1);
  }

  long rows(String table) {
    return ((JdbcStorage) storage)
        .jdbc()
        .read(
            connection -> {
              try (Statement statement = connection.createStatement();
                  java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
              }
            });
  }

  @Test
  void an_id_inside_a_long_range_is_found_and_one_just_outside_is_not() {
    long longRange = append(brightpearl("1000-250000"));
    long shortAndLong = append(brightpearl("10,20-40,900000-901000"));

    assertThat(ids(byProduct(123_456))).containsExactly(longRange);
    assertThat(ids(byProduct(1000))).containsExactly(longRange);
    assertThat(ids(byProduct(250_000))).containsExactly(longRange);
    assertThat(ids(byProduct(999))).isEmpty();
    assertThat(ids(byProduct(250_001))).isEmpty();
    assertThat(ids(byProduct(30))).containsExactly(shortAndLong);
    assertThat(ids(byProduct(900_500))).containsExactly(shortAndLong);
    assertThat(ids(byProduct(19))).isEmpty();
    assertThat(storage.events().count(byProduct(900_500))).isEqualTo(1);
  }

  @Test
  void a_scattered_id_set_of_thousands_of_ranges_is_found_by_its_ids_but_not_by_its_gaps() {
    // 3,000 ids a million apart: too many buckets, so the event has one wide row, checked against
    // its key.
    String scattered =
        IntStream.range(0, 3000)
            .mapToObj(i -> Long.toString(1 + i * 1_000_000L))
            .collect(Collectors.joining(","));
    long wide = append(brightpearl(scattered));
    long other = append(brightpearl("2000001-2000100"));

    assertThat(ids(byProduct(2_000_001))).containsExactly(other, wide);
    assertThat(ids(byProduct(1_000_001))).containsExactly(wide);
    assertThat(ids(byProduct(1_000_002))).isEmpty();
    assertThat(storage.events().count(byProduct(2_000_001))).isEqualTo(2);
    assertThat(storage.events().count(byProduct(1_000_002))).isZero();
  }

  @Test
  void a_shopify_event_is_found_by_a_sku_of_its_payload_and_an_order_by_its_name() {
    long product =
        append(
            event(
                "shopify",
                "products/update",
                "8001",
                "{\"id\":8001,\"variants\":[{\"id\":1,\"sku\":\"SKU-A\"},{\"id\":2,\"sku\":\"SKU-B\"}]}"));
    long item =
        append(
            event("shopify", "inventory_items/update", "9001", "{\"id\":9001,\"sku\":\"SKU-B\"}"));
    long order =
        append(
            event(
                "shopify",
                "orders/create",
                "7001",
                "{\"id\":7001,\"name\":\"#1001\",\"line_items\":[{\"sku\":\"SKU-C\",\"quantity\":1}]}"));
    long generic =
        append(event("generic", "stock.changed", "SKU-C", "{\"type\":\"stock.changed\"}"));

    assertThat(ids(bySku("SKU-A"))).containsExactly(product);
    assertThat(ids(bySku("SKU-B"))).containsExactly(item, product);
    assertThat(ids(bySku("SKU-C"))).containsExactly(generic, order);
    assertThat(ids(EventQuery.all(50).withName(EventName.order("#1001")))).containsExactly(order);
    assertThat(ids(bySku("SKU-D"))).isEmpty();
    assertThat(ids(EventQueries.fromMap(Map.of("sku", "SKU-B", "source", "shopify"))))
        .containsExactly(item, product);
  }

  @Test
  void a_generic_event_keyed_by_an_id_set_is_found_by_its_product_ids() {
    long event = append(event("generic", "stock.changed", "5-8,40-400", "{\"type\":\"x\"}"));

    assertThat(ids(byProduct(6))).containsExactly(event);
    assertThat(ids(byProduct(333))).containsExactly(event);
    assertThat(ids(byProduct(9))).isEmpty();
  }

  @Test
  void paging_by_a_product_id_returns_every_matching_event_once_newest_first() {
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      // Exact ids, long ranges, and now and then an unrelated event in between.
      String key = i % 3 == 0 ? "500" : i % 3 == 1 ? "1-100000" : "400-600,9000";
      expected.add(append(brightpearl(key)));
      append(brightpearl("70000" + i));
    }
    String scattered =
        IntStream.range(0, 2500)
            .mapToObj(i -> Long.toString(500 + i * 5000L))
            .collect(Collectors.joining(","));
    expected.add(append(brightpearl(scattered)));
    java.util.Collections.reverse(expected);

    List<Long> seen = new ArrayList<>();
    EventQuery query = byProduct(500).withLimit(25);
    int pages = 0;
    while (true) {
      EventPage page = storage.events().search(query);
      seen.addAll(page.events().stream().map(EventRecord::id).toList());
      pages++;
      if (page.nextBeforeId() == null) {
        break;
      }
      query = query.withBeforeId(page.nextBeforeId());
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(6);
    assertThat(storage.events().count(byProduct(500))).isEqualTo(expected.size());
  }

  @Test
  void the_dashboard_search_pages_through_every_event_a_term_finds_once_newest_first() {
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      expected.add(append(brightpearl(i % 2 == 0 ? "77" : "1-1000")));
      expected.add(append(event("generic", "stock.changed", "77", "{}")));
      append(brightpearl("78"));
    }
    java.util.Collections.reverse(expected);
    EventFinder finder = new EventFinder(storage);

    List<Long> seen = new ArrayList<>();
    Long before = null;
    do {
      Map<String, Object> page = finder.find("77", before);
      for (Object view : (List<?>) page.get("events")) {
        seen.add(((Number) ((Map<?, ?>) view).get("id")).longValue());
      }
      before = (Long) page.get("nextBefore");
    } while (before != null);
    // The event whose id is 77 is found too, once, in its place.
    List<Long> withId = new ArrayList<>(expected);
    if (!withId.contains(77L)) {
      withId.add(77L);
      withId.sort(java.util.Comparator.reverseOrder());
    }
    assertThat(seen).containsExactlyElementsOf(withId);
  }

  @Test
  void a_name_search_combines_with_the_other_filters() {
    long first = append(brightpearl("10-20"));
    long second = append(brightpearl("15"));
    ((JdbcStorage) storage)
        .jdbc()
        .transaction(
            connection -> {
              try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE events SET status = 'dead' WHERE id = " + first);
              }
              return null;
            });

    assertThat(ids(byProduct(15).withStatus(EventStatus.DEAD))).containsExactly(first);
    assertThat(ids(byProduct(15).withStatus(EventStatus.QUEUED))).containsExactly(second);
    assertThat(storage.events().count(byProduct(15).withStatus(EventStatus.DEAD))).isEqualTo(1);
    assertThatThrownBy(() -> EventQueries.fromMap(Map.of("sku", "A", "productId", "1")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("give one of them");
    assertThatThrownBy(() -> EventQueries.fromMap(Map.of("productId", "12a")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("productId: must be a whole number");
  }

  @Test
  void events_stored_before_the_name_index_are_found_after_the_backfill() {
    long bp = append(brightpearl("1-5,3000-9000"));
    long shop =
        append(
            event(
                "shopify",
                "products/update",
                "8001",
                "{\"id\":8001,\"variants\":[{\"id\":1,\"sku\":\"SKU-OLD\"}]}"));
    long generic = append(event("generic", "stock.changed", "SKU-G", "{}"));
    // As a database migrated to V11 from an older version: the rows are not indexed yet and the
    // backfill's cursor is above them.
    ((JdbcStorage) storage)
        .jdbc()
        .transaction(
            connection -> {
              try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM event_names");
                statement.executeUpdate("DELETE FROM event_name_ranges");
                statement.executeUpdate(
                    "UPDATE event_names_backfill SET below = (SELECT MAX(id) + 1 FROM events)");
              }
              return null;
            });
    long after = append(brightpearl("4"));
    assertThat(ids(byProduct(4))).containsExactly(after);
    assertThat(storage.events().namesBackfillRemaining()).isEqualTo(3);

    // One chunk of two, then the rest; running again finds nothing more to do.
    assertThat(storage.events().backfillNames(2)).isEqualTo(2);
    assertThat(storage.events().namesBackfillRemaining()).isEqualTo(1);
    assertThat(new EventNameBackfill(storage.events()).runToEnd()).isEqualTo(1);
    assertThat(storage.events().backfillNames(1000)).isZero();
    assertThat(storage.events().namesBackfillRemaining()).isZero();

    assertThat(ids(byProduct(4))).containsExactly(after, bp);
    assertThat(ids(byProduct(5000))).containsExactly(bp);
    assertThat(ids(bySku("SKU-OLD"))).containsExactly(shop);
    assertThat(ids(bySku("SKU-G"))).containsExactly(generic);
  }
}
