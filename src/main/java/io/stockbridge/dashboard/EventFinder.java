package io.stockbridge.dashboard;

import io.stockbridge.admin.EventViews;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.store.Storage;
import io.stockbridge.sync.CatalogProduct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds events by what an operator knows: an event id, an event key (a SKU, a Brightpearl product
 * id, a Shopify resource id), or a SKU the catalog knows, which also finds the events keyed by its
 * Brightpearl product id. Keys match exactly (an event about an ID set of several products is keyed
 * by that set). Each way reads one index; at most {@value #LIMIT} events per way.
 */
final class EventFinder {
  static final int LIMIT = 50;

  private final Storage storage;

  EventFinder(Storage storage) {
    this.storage = storage;
  }

  Map<String, Object> find(String term) {
    List<String> matchedBy = new ArrayList<>();
    Map<Long, EventRecord> found = new LinkedHashMap<>();
    if (term.chars().allMatch(Character::isDigit) && term.length() < 19) {
      Optional<EventRecord> byId = storage.events().find(Long.parseLong(term));
      if (byId.isPresent()) {
        found.put(byId.get().id(), byId.get());
        matchedBy.add("event id " + term);
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    keys.add(term);
    Optional<CatalogProduct> product = storage.syncState().catalogBySku(term);
    product.ifPresent(p -> keys.add(String.valueOf(p.productId())));
    for (String key : keys) {
      List<EventRecord> byKey = byKey(key);
      if (!byKey.isEmpty()) {
        matchedBy.add(
            product.isPresent() && !key.equals(term)
                ? "Brightpearl product " + key + " (SKU " + term + ")"
                : "key " + key);
      }
      byKey.forEach(e -> found.putIfAbsent(e.id(), e));
    }
    List<EventRecord> events = new ArrayList<>(found.values());
    events.sort((a, b) -> Long.compare(b.id(), a.id()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("term", term);
    body.put("matchedBy", matchedBy);
    body.put(
        "product",
        product.map(p -> Map.of("productId", p.productId(), "sku", p.sku())).orElse(null));
    body.put("events", events.stream().map(EventViews::event).toList());
    return body;
  }

  private List<EventRecord> byKey(String key) {
    return storage
        .events()
        .search(new EventQuery(null, null, null, key, null, null, null, null, null, null, LIMIT))
        .events();
  }
}
