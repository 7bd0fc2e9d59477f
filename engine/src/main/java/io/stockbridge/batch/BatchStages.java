package io.stockbridge.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The handler of {@code batch.completed} items: the one work item each {@code batch.completed}
 * event is appended with. It reads the batch and tells every registered {@link BatchListener} (the
 * next stages: a full sync's stock stage, read-model rebuilds). Durable: the item is in the queue
 * in the same transaction as the completion, so a crash only runs the stages again. Thread-safe.
 */
public final class BatchStages implements WorkHandler {
  public static final String KIND = "batch.completed";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BatchStore batches;
  private final List<BatchListener> listeners = new CopyOnWriteArrayList<>();

  public BatchStages(BatchStore batches) {
    this.batches = batches;
  }

  /** Adds a next stage; every completion from now on is told to it. */
  public BatchStages listen(BatchListener listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    List<Outcome> outcomes = new ArrayList<>(items.size());
    for (WorkItem item : items) {
      outcomes.add(handleOne(item));
    }
    return outcomes;
  }

  private Outcome handleOne(WorkItem item) {
    try {
      long batchId = batchId(item);
      Batch batch = batches.find(batchId).orElse(null);
      if (batch == null) {
        return new Outcome.Dead("batch " + batchId + " no longer exists");
      }
      for (BatchListener listener : listeners) {
        listener.completed(batch);
      }
      return new Outcome.Done(
          "batch " + batchId + " completed; told " + listeners.size() + " next stage(s)");
    } catch (RuntimeException e) {
      return Outcome.of(e);
    }
  }

  private static long batchId(WorkItem item) {
    try {
      JsonNode args = JSON.readTree(item.args() == null ? "{}" : item.args());
      JsonNode id = args.path("batchId");
      if (!id.canConvertToLong()) {
        throw new IllegalArgumentException("item " + item.id() + " names no batchId");
      }
      return id.asLong();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("item " + item.id() + " has unreadable args", e);
    }
  }
}
