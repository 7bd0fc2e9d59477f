package io.stockbridge.flow;

import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import java.util.List;

/**
 * The handler of events no flow subscribes to: it records them as handled, so nothing stays open.
 */
public final class RecordFlow implements WorkHandler {
  public static final String KIND = "record";
  public static final int PRIORITY = 100;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    return items.stream()
        .map(item -> (Outcome) new Outcome.Done("recorded; no flow subscribes"))
        .toList();
  }
}
