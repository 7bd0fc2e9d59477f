package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a resolver needs while one GraphQL request runs: the shop (whose lock is held), the time,
 * whether it runs inside a bulk operation, and the webhooks to send once the request is done.
 */
final class RequestContext {
  final SimulatedShop shop;
  final Instant now;
  final boolean bulk;
  final List<Webhooks.Event> events = new ArrayList<>();

  RequestContext(SimulatedShop shop, Instant now, boolean bulk) {
    this.shop = shop;
    this.now = now;
    this.bulk = bulk;
  }

  static RequestContext of(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(RequestContext.class);
  }

  void emit(String topic, Map<String, Object> payload) {
    events.add(new Webhooks.Event(topic, payload, now));
  }
}
