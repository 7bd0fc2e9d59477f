package io.stockbridge.event;

import java.util.List;

/** One page of a search; {@code nextBeforeId} is null on the last page. */
public record EventPage(List<EventRecord> events, Long nextBeforeId) {}
