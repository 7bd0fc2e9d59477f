package io.stockbridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Exchange;
import io.stockbridge.http.Json;

/**
 * The checks every ingest source applies to what it takes from a request (the body itself is
 * checked by {@link Json#parseRequest}): headers that become stored text hold no control
 * characters, ids that must be numbers fit a long, digits are ASCII.
 */
final class IngestFields {
  private IngestFields() {}

  /** A header's value, stripped, or null when absent or blank; 400 for control characters. */
  static String header(Exchange ctx, String name) {
    String value = ctx.header(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw ApiException.badRequest(
            "header " + name + " contains a control character at position " + i);
      }
    }
    String problem = Json.textProblem(value);
    if (problem != null) {
      throw ApiException.badRequest("header " + name + " " + problem);
    }
    return value.strip();
  }

  /**
   * A key given as text or as a whole number that fits a signed 64-bit integer (ids: a number of 20
   * digits, a fraction or {@code 1e400} is refused, never rounded or turned into {@code Infinity});
   * null when absent.
   */
  static String idOrText(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return Long.toString(value.longValue());
      }
      throw ApiException.badRequest(
          "field '"
              + field
              + "' must be text or a whole number from "
              + Long.MIN_VALUE
              + " to "
              + Long.MAX_VALUE
              + ", got "
              + abbreviate(value.toString()));
    }
    throw ApiException.badRequest("field '" + field + "' must be a string or a number");
  }

  /** 400 unless every digit in {@code text} is ASCII 0-9 (other scripts' digits look alike). */
  static void requireAsciiDigits(String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isDigit(c) && (c < '0' || c > '9')) {
        throw ApiException.badRequest(
            "field '" + field + "' has a digit other than 0-9 at position " + i);
      }
    }
  }

  static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
