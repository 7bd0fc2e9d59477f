package io.stockbridge.event;

import io.stockbridge.BoundedKeys;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An accepted event about to be stored, with the work items it starts. {@code dedupeKey} is the
 * source's own event id (null when the source gave none), kept in its {@link BoundedKeys bounded
 * form} (a key over 500 characters becomes its SHA-256); {@code key} is what the event is about (a
 * SKU, a product id or an ID set of any length); {@code store} the account or shop it came from.
 * {@code bodySha256} (hex, or null) is kept with a dedupe key the sender chose (an {@code
 * Idempotency-Key}), so that the key sent again with another body is told apart from a duplicate.
 */
public record NewEvent(
    String source,
    String type,
    String key,
    String store,
    String dedupeKey,
    String traceId,
    Long batchId,
    String contentType,
    byte[] payload,
    List<NewWork> work,
    String bodySha256) {
  public NewEvent {
    dedupeKey = BoundedKeys.bounded(dedupeKey);
  }

  /**
   * The kinds of the work items this event starts, comma-separated ({@code ""} when no flow
   * subscribes): stored with the event, it is the detail of the event's {@code queued} step.
   */
  public String queuedFor() {
    return work.stream().map(NewWork::kind).collect(java.util.stream.Collectors.joining(", "));
  }

  /** An event without a body hash (its dedupe key, if any, is derived from what it says). */
  public NewEvent(
      String source,
      String type,
      String key,
      String store,
      String dedupeKey,
      String traceId,
      Long batchId,
      String contentType,
      byte[] payload,
      List<NewWork> work) {
    this(source, type, key, store, dedupeKey, traceId, batchId, contentType, payload, work, null);
  }

  /**
   * A request the engine makes of itself (a read-model rebuild, an order catch-up): about {@code
   * store}, a JSON body, one work item, and a trace id of its own.
   */
  public static NewEvent request(
      String source, String type, String store, byte[] json, NewWork work) {
    byte[] traceId = new byte[16];
    ThreadLocalRandom.current().nextBytes(traceId);
    return new NewEvent(
        source,
        type,
        store,
        store,
        null,
        HexFormat.of().formatHex(traceId),
        null,
        "application/json",
        json,
        List.of(work));
  }
}
