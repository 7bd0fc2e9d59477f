package io.stockbridge.dashboard;

import io.stockbridge.admin.EventViews;
import io.stockbridge.event.EventName;
import io.stockbridge.event.EventPage;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.store.Storage;
import io.stockbridge.sync.CatalogProduct;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds events by what an operator knows: an event id, an event's whole key, or an id the event
 * names anywhere (the index of {@link io.stockbridge.event.EventNames}): a Brightpearl product id,
 * also inside a range of an ID set ({@code 1-5,99} is found by {@code 3}), a SKU (Shopify variants,
 * inventory items, order lines, generic keys), a Shopify order name, and a SKU the catalog knows,
 * which also finds the events naming its Brightpearl product id. Each way reads its index newest
 * first; the newest {@value #LIMIT} of them all make a page, and {@code before} (the page's last
 * id) gives the next: keyset paging, as fast on the thousandth page as on the first.
 */
public final class EventFinder {
  static final int LIMIT = 50;

  private final Storage storage;

  public EventFinder(Storage storage) {
    this.storage = storage;
  }

  /**
   * The newest events {@code term} finds, older than {@code before} (null: the first page): {@code
   * term}, {@code matchedBy} (the ways that found some), {@code product} (the catalog's, if the
   * term is its SKU), {@code events} and {@code nextBefore} (null on the last page).
   */
  public Map<String, Object> find(String term, Long before) {
    List<String> matchedBy = new ArrayList<>();
    Map<Long, EventRecord> found = new LinkedHashMap<>();
    boolean more = false;
    if (term.chars().allMatch(c -> c >= '0' && c <= '9') && term.length() < 19) {
      long id = Long.parseLong(term);
      Optional<EventRecord> byId =
          before == null || id < before ? storage.events().find(id) : Optional.empty();
      if (byId.isPresent()) {
        found.put(byId.get().id(), byId.get());
        matchedBy.add("event id " + term);
      }
    }
    Optional<CatalogProduct> product = storage.syncState().catalogBySku(term);
    Map<String, EventQuery> ways = new LinkedHashMap<>();
    EventQuery page = EventQuery.all(LIMIT).withBeforeId(before);
    ways.put("key " + term, page.withKey(term));
    ways.put("SKU " + term, page.withName(EventName.sku(term)));
    productId(term)
        .ifPresent(id -> ways.put("product id " + id, page.withName(EventName.product(id))));
    ways.put("order " + term, page.withName(EventName.order(term)));
    product
        .filter(p -> productId(term).orElse(-1L) != p.productId())
        .ifPresent(
            p ->
                ways.put(
                    "Brightpearl product " + p.productId() + " (SKU " + term + ")",
                    page.withName(EventName.product(p.productId()))));
    Set<String> matched = new LinkedHashSet<>();
    for (Map.Entry<String, EventQuery> way : ways.entrySet()) {
      EventPage result = storage.events().search(way.getValue());
      if (!result.events().isEmpty()) {
        matched.add(way.getKey());
      }
      more |= result.nextBeforeId() != null;
      result.events().forEach(e -> found.putIfAbsent(e.id(), e));
    }
    matchedBy.addAll(matched);
    List<EventRecord> events = new ArrayList<>(found.values());
    events.sort(Comparator.comparingLong(EventRecord::id).reversed());
    if (events.size() > LIMIT) {
      events = events.subList(0, LIMIT);
      more = true;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("term", term);
    body.put("matchedBy", matchedBy);
    body.put(
        "product",
        product.map(p -> Map.of("productId", p.productId(), "sku", p.sku())).orElse(null));
    body.put("events", events.stream().map(EventViews::event).toList());
    body.put("nextBefore", more && !events.isEmpty() ? events.get(events.size() - 1).id() : null);
    return body;
  }

  private static Optional<Long> productId(String term) {
    if (term.isEmpty() || term.length() > 18 || !term.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    long id = Long.parseLong(term);
    return id > 0 ? Optional.of(id) : Optional.empty();
  }
}
