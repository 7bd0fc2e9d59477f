package io.stockbridge.simulator.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A shop's idempotency keys ({@code @idempotent(key:)}): the first call with a key runs and its
 * result is kept; a later call with the same key and the same field and arguments gets that result
 * again without running; the same key with other arguments gets {@code mismatch}. Guarded by the
 * shop's lock.
 */
final class Idempotency {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private record Stored(String fingerprint, Object result) {}

  private final Map<String, Stored> byKey = new HashMap<>();

  Object run(
      String key,
      String field,
      Map<String, Object> arguments,
      Supplier<Object> action,
      Supplier<Object> mismatch) {
    String fingerprint = field + ":" + canonical(arguments);
    Stored stored = byKey.get(key);
    if (stored != null) {
      return stored.fingerprint().equals(fingerprint) ? stored.result() : mismatch.get();
    }
    Object result = action.get();
    byKey.put(key, new Stored(fingerprint, result));
    return result;
  }

  private static String canonical(Map<String, Object> arguments) {
    try {
      return CANONICAL.writeValueAsString(arguments);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
