package io.stockbridge.cli;

import io.stockbridge.admin.EventQueries;
import io.stockbridge.event.EventQuery;
import io.stockbridge.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The event search filters as command-line options (the same fields as the admin API's). */
final class EventFilterOptions {
  @Option(
      names = "--status",
      description = "received, queued, processing, waiting, succeeded, failed, dead")
  String status;

  @Option(names = "--source", description = "brightpearl, shopify or generic")
  String source;

  @Option(names = "--type", description = "event type, e.g. product.modified.on-hand-modified")
  String type;

  @Option(names = "--key", description = "the event's whole key: a SKU, product id or ID set")
  String key;

  @Option(
      names = "--sku",
      description =
          "a SKU the event names (its key, a Shopify variant, inventory item or order line)")
  String sku;

  @Option(
      names = "--product-id",
      description = "a Brightpearl product id the event names (also inside a range of its ID set)")
  String productId;

  @Option(names = "--order", description = "a Shopify order name the event names, e.g. #1001")
  String order;

  @Option(
      names = "--email",
      description =
          "a customer email the event names (searched by its hash; case and spaces do not matter)")
  String email;

  @Option(names = "--store", description = "Brightpearl account or Shopify shop")
  String store;

  @Option(names = "--flow", description = "flow (handler kind)")
  String flow;

  @Option(names = "--batch", description = "batch id")
  String batch;

  @Option(names = "--from", description = "received at or after (ISO-8601 or epoch ms)")
  String from;

  @Option(names = "--to", description = "received before (ISO-8601 or epoch ms)")
  String to;

  @Option(names = "--before", description = "page cursor: show events with a smaller id")
  String before;

  EventQuery toQuery(int limit) {
    Map<String, String> filter = new LinkedHashMap<>();
    put(filter, "status", status);
    put(filter, "source", source);
    put(filter, "type", type);
    put(filter, "key", key);
    put(filter, "sku", sku);
    put(filter, "productId", productId);
    put(filter, "order", order);
    put(filter, "email", email);
    put(filter, "store", store);
    put(filter, "flow", flow);
    put(filter, "batch", batch);
    put(filter, "from", from);
    put(filter, "to", to);
    put(filter, "before", before);
    filter.put("limit", String.valueOf(limit));
    try {
      return EventQueries.fromMap(filter);
    } catch (ApiException e) {
      throw new IllegalArgumentException(asOption(e.getMessage()), e);
    }
  }

  /** Whether any option narrows the events (the page size and cursor do not). */
  boolean narrows() {
    return java.util.stream.Stream.of(
            status, source, type, key, sku, productId, order, email, store, flow, batch, from, to)
        .anyMatch(value -> value != null && !value.isBlank());
  }

  /** The API's "from: ..." becomes "--from: ...", so the message names the option typed. */
  private static String asOption(String message) {
    if (message.startsWith("productId:")) {
      return "--product-id:" + message.substring("productId:".length());
    }
    if (message.startsWith("sku, productId, order, email:")) {
      return "--sku, --product-id, --order, --email:"
          + message.substring("sku, productId, order, email:".length());
    }
    for (String field : EventQueries.FIELDS) {
      if (message.startsWith(field + ":")) {
        return "--" + message;
      }
    }
    return message;
  }

  private static void put(Map<String, String> filter, String name, String value) {
    if (value != null) {
      filter.put(name, value);
    }
  }
}
