package io.stockbridge.event;

/**
 * The id of a stored event; {@code duplicate} when an event with the same dedupe key already
 * existed; {@code bodyDiffers} when that event was stored with another body hash ({@link
 * NewEvent#bodySha256}): the key was reused for a different event, which is not stored.
 */
public record AppendResult(long eventId, boolean duplicate, boolean bodyDiffers) {
  public AppendResult(long eventId, boolean duplicate) {
    this(eventId, duplicate, false);
  }
}
