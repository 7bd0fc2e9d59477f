package io.stockbridge.ingest;

import io.stockbridge.batch.Batch;
import io.stockbridge.batch.BatchState;
import io.stockbridge.batch.BatchStore;
import io.stockbridge.http.ApiException;

/**
 * The {@value #HEADER} request header of the ingest endpoints: the id of an open batch (from {@code
 * POST /api/batches}) the event is to be a member of. A value that is no whole number is refused
 * with 400, an unknown batch with 404, a batch no longer open with 409, before anything is stored.
 * A duplicate (same dedupe key) is not stored again, so it does not join the batch. Thread-safe.
 */
public final class BatchTags {
  public static final String HEADER = "Stockbridge-Batch";

  /** Refuses every tag: nothing to look batches up in. */
  static final BatchTags NONE = new BatchTags(null);

  private final BatchStore batches;

  public BatchTags(BatchStore batches) {
    this.batches = batches;
  }

  /** The batch id named by the header value, checked open; null when there is no header. */
  Long batchOf(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String text = header.strip();
    long id;
    try {
      IngestFields.requireAsciiDigits(HEADER, text);
      id = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "header "
              + HEADER
              + " must be a batch id (a whole number); got '"
              + IngestFields.abbreviate(text)
              + "'");
    }
    if (batches == null) {
      throw ApiException.conflict("batches are not available on this endpoint");
    }
    Batch batch =
        batches
            .find(id)
            .orElseThrow(
                () -> ApiException.notFound("header " + HEADER + ": no batch with id " + id));
    if (batch.state() != BatchState.OPEN) {
      throw ApiException.conflict(
          "header "
              + HEADER
              + ": batch "
              + id
              + " is "
              + batch.state().dbValue()
              + "; events can only join an open batch");
    }
    return id;
  }
}
