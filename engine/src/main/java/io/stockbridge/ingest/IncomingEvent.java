package io.stockbridge.ingest;

import io.stockbridge.http.ApiException;

/**
 * What a source endpoint extracted from a request, before routing: validated and ready to store.
 * The key (what the event names: an ID set, a SKU) and the dedupe key have no length limit of their
 * own, only the body limit: the key is stored whole and the dedupe key in its bounded form ({@link
 * io.stockbridge.BoundedKeys}). The type and the store are names, indexed as they are, so they are
 * bounded ({@link #MAX_NAME} characters).
 *
 * <p>{@code bodySha256} is set when the sender chose the dedupe key ({@code Idempotency-Key}): the
 * key sent again with another body is refused, not answered as a duplicate.
 */
record IncomingEvent(
    String source,
    String type,
    String key,
    String store,
    String dedupeKey,
    byte[] body,
    String bodySha256) {
  /** Longest type or store name: 500 characters fit a PostgreSQL b-tree row in any script. */
  static final int MAX_NAME = 500;

  IncomingEvent {
    checkName("type", type);
    checkName("store", store);
  }

  /** An event whose dedupe key (if any) the source derives from what it says. */
  IncomingEvent(
      String source, String type, String key, String store, String dedupeKey, byte[] body) {
    this(source, type, key, store, dedupeKey, body, null);
  }

  private static void checkName(String name, String value) {
    if (value != null && value.length() > MAX_NAME) {
      throw ApiException.badRequest(
          name + " is longer than " + MAX_NAME + " characters (a name; keys have no such limit)");
    }
  }
}
