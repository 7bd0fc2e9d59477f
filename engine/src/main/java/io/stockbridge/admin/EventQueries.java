package io.stockbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.stockbridge.NearestName;
import io.stockbridge.event.EventName;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventStatus;
import io.stockbridge.http.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds an {@link EventQuery} from query parameters or a JSON filter, strictly: an unknown field
 * (with the nearest known name suggested), a value that is not text, a number that is not ASCII
 * digits or does not fit, each is a 400 that names the field. Never a filter that silently matches
 * more than was asked.
 */
public final class EventQueries {
  static final int DEFAULT_LIMIT = 50;

  /** Every field a filter may name, in the order the docs list them. */
  public static final List<String> FIELDS =
      List.of(
          "status",
          "source",
          "type",
          "key",
          "sku",
          "productId",
          "order",
          "email",
          "store",
          "flow",
          "batch",
          "from",
          "to",
          "before",
          "limit");

  /** The fields that search the index of what events name; a filter names at most one. */
  public static final List<String> NAME_FIELDS = List.of("sku", "productId", "order", "email");

  /** Fields whose JSON value may be a whole number as well as text. */
  private static final Set<String> NUMERIC =
      Set.of("productId", "batch", "from", "to", "before", "limit");

  /** Latest time a filter accepts: the end of year 9999, in epoch milliseconds. */
  static final long MAX_TIME = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  private EventQueries() {}

  /** The event search's query parameters; any other parameter, or one given twice, is a 400. */
  static EventQuery fromQueryParams(Context ctx) {
    Map<String, String> filter = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      String name = param.getKey();
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest(NearestName.unknownField(name, FIELDS));
      }
      if (param.getValue().size() > 1) {
        throw ApiException.badRequest(name + ": given more than once; give it once");
      }
      filter.put(name, param.getValue().get(0));
    }
    return fromMap(filter);
  }

  /**
   * A JSON filter object ({@code {"status":"dead","source":"shopify"}}); each value must be text
   * (or, for the numeric fields, a whole number). Errors name the field as {@code filter.<name>}.
   */
  static Map<String, String> fromJsonFilter(JsonNode filterNode) {
    Map<String, String> filter = new LinkedHashMap<>();
    if (filterNode == null || filterNode.isMissingNode()) {
      return filter;
    }
    if (!filterNode.isObject()) {
      throw ApiException.badRequest("filter: must be an object of field names to values");
    }
    for (Map.Entry<String, JsonNode> entry : filterNode.properties()) {
      String name = entry.getKey();
      JsonNode value = entry.getValue();
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest("filter: " + NearestName.unknownField(name, FIELDS));
      }
      if (value.isTextual()) {
        filter.put(name, value.textValue());
      } else if (NUMERIC.contains(name) && value.isIntegralNumber()) {
        if (!value.canConvertToLong()) {
          throw ApiException.badRequest("filter." + name + ": " + value + " is out of range");
        }
        filter.put(name, Long.toString(value.longValue()));
      } else {
        throw ApiException.badRequest(
            "filter."
                + name
                + ": must be "
                + (NUMERIC.contains(name) ? "a whole number or text" : "text")
                + ", got "
                + kind(value));
      }
    }
    return filter;
  }

  /** Only the paging parameters ({@code before}, {@code limit}) of a list that is not of events. */
  static EventQuery paging(Context ctx) {
    Map<String, String> paging = new LinkedHashMap<>();
    for (String name : List.of("before", "limit")) {
      String value = ctx.queryParam(name);
      if (value != null) {
        paging.put(name, value);
      }
    }
    return fromMap(paging);
  }

  /**
   * A filter of field names to text values, such as the CLI's options; names outside {@link
   * #FIELDS} are refused.
   */
  public static EventQuery fromMap(Map<String, String> filter) {
    for (String name : filter.keySet()) {
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest(NearestName.unknownField(name, FIELDS));
      }
    }
    return from(filter::get);
  }

  private static EventQuery from(Function<String, String> param) {
    String status = param.apply("status");
    EventStatus parsedStatus;
    try {
      parsedStatus = blank(status) ? null : EventStatus.parse(status.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("status: " + e.getMessage());
    }
    long limit = number(param, "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > EventQuery.MAX_LIMIT) {
      throw ApiException.badRequest("limit: must be between 1 and " + EventQuery.MAX_LIMIT);
    }
    Long batch = blank(param.apply("batch")) ? null : number(param, "batch", 0);
    Long before = blank(param.apply("before")) ? null : number(param, "before", 0);
    EventName name = name(param);
    return new EventQuery(
        parsedStatus,
        text(param, "source"),
        text(param, "type"),
        text(param, "key"),
        text(param, "store"),
        text(param, "flow"),
        batch,
        time(param, "from"),
        time(param, "to"),
        before,
        (int) limit,
        name);
  }

  /**
   * The one name a filter searches for ({@code sku}, {@code productId}, {@code order} or {@code
   * email}, which is hashed).
   */
  private static EventName name(Function<String, String> param) {
    String sku = text(param, "sku");
    String productId = text(param, "productId");
    String order = text(param, "order");
    String email = text(param, "email");
    long given =
        java.util.stream.Stream.of(sku, productId, order, email).filter(v -> v != null).count();
    if (given > 1) {
      throw ApiException.badRequest(
          "sku, productId, order, email: give one of them (each searches what events name)");
    }
    if (email != null) {
      // Searched by its hash: the index holds no address.
      return EventName.email(email);
    }
    if (sku != null) {
      return EventName.sku(sku);
    }
    if (productId != null) {
      long id = wholeNumber("productId", productId);
      if (id == 0) {
        throw ApiException.badRequest("productId: must be a positive product id, got 0");
      }
      return EventName.product(id);
    }
    return order == null ? null : EventName.order(order);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** A text filter; 400 for a NUL or an unpaired surrogate (PostgreSQL cannot compare those). */
  private static String text(Function<String, String> param, String name) {
    String value = param.apply(name);
    if (blank(value)) {
      return null;
    }
    String problem = io.stockbridge.http.Json.textProblem(value);
    if (problem != null) {
      throw ApiException.badRequest(name + ": " + problem);
    }
    return value.strip();
  }

  private static long number(Function<String, String> param, String name, long defaultValue) {
    String value = param.apply(name);
    if (blank(value)) {
      return defaultValue;
    }
    return wholeNumber(name, value.strip());
  }

  /**
   * A non-negative whole number written in ASCII digits that fits in a long; otherwise a 400 naming
   * {@code name}. ({@link Long#parseLong} alone also takes signs and non-ASCII digits.)
   */
  public static long wholeNumber(String name, String text) {
    if (!asciiDigits(text)) {
      throw ApiException.badRequest(
          name + ": must be a whole number (digits 0-9), got '" + shown(text) + "'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          name + ": " + shown(text) + " is out of range (at most " + Long.MAX_VALUE + ")");
    }
  }

  /** ISO-8601 instant ({@code 2026-11-22T10:00:00Z}) or epoch milliseconds, up to year 9999. */
  static Long time(Function<String, String> param, String name) {
    String value = param.apply(name);
    if (blank(value)) {
      return null;
    }
    String text = value.strip();
    long millis;
    if (asciiDigits(text)) {
      if (text.length() > 15) {
        throw outOfRange(name, text);
      }
      millis = Long.parseLong(text);
    } else {
      try {
        millis = Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(
            name
                + ": must be an ISO-8601 time such as 2026-11-22T10:00:00Z or epoch milliseconds,"
                + " got '"
                + shown(text)
                + "'");
      } catch (DateTimeException | ArithmeticException e) {
        throw outOfRange(name, text);
      }
    }
    if (millis < 0 || millis > MAX_TIME) {
      throw outOfRange(name, text);
    }
    return millis;
  }

  private static ApiException outOfRange(String name, String text) {
    return ApiException.badRequest(
        name
            + ": '"
            + shown(text)
            + "' is out of range; times run from 1970-01-01T00:00:00Z (0) to"
            + " 9999-12-31T23:59:59.999Z ("
            + MAX_TIME
            + ")");
  }

  private static boolean asciiDigits(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static String shown(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }

  private static String kind(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isBoolean()) {
      return "a boolean (" + value + ")";
    }
    return "the number " + value;
  }
}
