package io.stockbridge.admin;

import io.javalin.http.Context;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventStatus;
import io.stockbridge.http.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds an {@link EventQuery} from query parameters or a JSON filter, with 400s that name the
 * field.
 */
public final class EventQueries {
  static final int DEFAULT_LIMIT = 50;

  private EventQueries() {}

  static EventQuery fromQueryParams(Context ctx) {
    return from(ctx::queryParam);
  }

  /** Only the paging parameters ({@code before}, {@code limit}) of a list that is not of events. */
  static EventQuery paging(Context ctx) {
    Map<String, String> paging = new java.util.LinkedHashMap<>();
    for (String name : List.of("before", "limit")) {
      String value = ctx.queryParam(name);
      if (value != null) {
        paging.put(name, value);
      }
    }
    return fromMap(paging);
  }

  public static EventQuery fromMap(Map<String, String> filter) {
    return from(filter::get);
  }

  private static EventQuery from(Function<String, String> param) {
    String status = param.apply("status");
    EventStatus parsedStatus;
    try {
      parsedStatus = blank(status) ? null : EventStatus.parse(status);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("status: " + e.getMessage());
    }
    long limit = number(param, "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > EventQuery.MAX_LIMIT) {
      throw ApiException.badRequest("limit: must be between 1 and " + EventQuery.MAX_LIMIT);
    }
    Long batch = blank(param.apply("batch")) ? null : number(param, "batch", 0);
    Long before = blank(param.apply("before")) ? null : number(param, "before", 0);
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
        (int) limit);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String text(Function<String, String> param, String name) {
    String value = param.apply(name);
    return blank(value) ? null : value.strip();
  }

  private static long number(Function<String, String> param, String name, long defaultValue) {
    String value = param.apply(name);
    if (blank(value)) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + ": must be a whole number, got '" + value + "'");
    }
  }

  /** ISO-8601 instant ({@code 2026-11-22T10:00:00Z}) or epoch milliseconds. */
  static Long time(Function<String, String> param, String name) {
    String value = param.apply(name);
    if (blank(value)) {
      return null;
    }
    String text = value.strip();
    if (text.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(text);
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          name + ": must be an ISO-8601 time such as 2026-11-22T10:00:00Z, got '" + text + "'");
    }
  }
}
