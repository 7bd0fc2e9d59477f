package io.stockbridge.flow.order;

import io.stockbridge.event.EventLog;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks for a store's order catch-up poll to run now, from anywhere that has the database (the CLI's
 * {@code stockbridge orders catch-up <store>}): a {@code stockbridge} / {@code
 * order.catch-up-requested} event with one {@code order.poll} item, which whichever node runs the
 * orders flow takes (its history says what the poll saw and raised). Items of one store share an
 * ordered key. Thread-safe.
 */
public final class OrderCatchUpRequests {
  public static final String TYPE = FlowKinds.ORDER_CATCH_UP_REQUESTED;
  static final int PRIORITY = 10;
  static final int MAX_ATTEMPTS = 5;

  private final EventLog events;

  public OrderCatchUpRequests(EventLog events) {
    this.events = events;
  }

  /** Queues a poll of {@code store}; returns the request's event id. */
  public long request(String store, String requestedBy, long now) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("version", 1);
    payload.put("store", store);
    payload.put("requestedBy", requestedBy);
    NewWork work =
        new NewWork(
            null,
            FlowKinds.ORDER_POLL,
            "order-poll|" + store,
            store,
            PRIORITY,
            now,
            MAX_ATTEMPTS,
            null);
    byte[] json = io.stockbridge.http.Json.write(payload).getBytes(StandardCharsets.UTF_8);
    return events
        .append(List.of(NewEvent.request(FlowKinds.STOCKBRIDGE, TYPE, store, json, work)), now)
        .get(0)
        .eventId();
  }

  /** {@code order.poll}: runs the catch-up poll of the item's store. */
  static final class Handler implements WorkHandler {
    private final OrderCatchUp catchUp;

    Handler(OrderCatchUp catchUp) {
      this.catchUp = catchUp;
    }

    @Override
    public String kind() {
      return FlowKinds.ORDER_POLL;
    }

    @Override
    public List<Outcome> handle(List<WorkItem> items) {
      List<Outcome> outcomes = new ArrayList<>();
      for (WorkItem item : items) {
        Outcome outcome;
        try {
          OrderCatchUp.Result result = catchUp.poll(item.store());
          outcome =
              new Outcome.Done(
                  "catch-up of "
                      + result.store()
                      + ": "
                      + result.seen()
                      + " order(s) seen, "
                      + result.raised()
                      + " missed raised, cursor "
                      + result.cursor());
        } catch (RuntimeException e) {
          outcome = Outcome.of(e);
        }
        outcomes.add(outcome);
      }
      return outcomes;
    }
  }
}
