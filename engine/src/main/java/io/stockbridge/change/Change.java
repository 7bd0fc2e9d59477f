package io.stockbridge.change;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One change the engine made or learned, as stored in a change event's payload (JSON of the
 * record's components plus {@code version}). {@link #key()} is what subscribers order by: the SKU
 * where one is known, else {@code product:<id>} or the run's or alert's own key. Implementations
 * are immutable records.
 */
public interface Change {
  /** The payload's version: a new field is added without a new version; a changed meaning bumps. */
  int VERSION = 1;

  /** The event type, e.g. {@code stock.changed}. */
  @JsonIgnore
  String type();

  /** The ordering key (never null). */
  @JsonIgnore
  String key();

  /** The store the change concerns, or null when none does (a reconciliation of all stores). */
  @JsonIgnore
  String storeName();
}
