package io.stockbridge.fanout;

import io.stockbridge.config.FanoutSettings;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which change events a subscriber gets: by type (empty: all), store (empty: all; an event about no
 * store passes only an empty list) and a pattern over the key (the SKU where there is one).
 * Immutable.
 */
public record SubscriberFilter(
    String subscriber, List<String> types, List<String> stores, Optional<Pattern> keyPattern) {

  public static SubscriberFilter of(FanoutSettings.Subscriber subscriber) {
    return new SubscriberFilter(
        subscriber.name(), subscriber.types(), subscriber.stores(), subscriber.skuPattern());
  }

  public boolean matches(String type, String store, String key) {
    if (!types.isEmpty() && !types.contains(type)) {
      return false;
    }
    if (!stores.isEmpty() && (store == null || !stores.contains(store))) {
      return false;
    }
    return keyPattern.isEmpty() || (key != null && keyPattern.get().matcher(key).matches());
  }
}
