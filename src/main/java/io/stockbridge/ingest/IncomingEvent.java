package io.stockbridge.ingest;

/**
 * What a source endpoint extracted from a request, before routing: validated and ready to store.
 */
record IncomingEvent(
    String source, String type, String key, String store, String dedupeKey, byte[] body) {
  static final int MAX_FIELD = 500;

  IncomingEvent {
    check("type", type);
    check("key", key);
    check("store", store);
    check("dedupe key", dedupeKey);
  }

  private static void check(String name, String value) {
    if (value != null && value.length() > MAX_FIELD) {
      throw io.stockbridge.http.ApiException.badRequest(
          name + " is longer than " + MAX_FIELD + " characters");
    }
  }
}
