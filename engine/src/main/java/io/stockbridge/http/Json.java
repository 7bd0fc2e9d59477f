package io.stockbridge.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** The JSON mapper used across the service, and strict parsing of request bodies. Thread-safe. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** Deepest nesting of objects and arrays a request body may have. */
  public static final int MAX_REQUEST_DEPTH = 64;

  /** Longest number (in characters) a request body may hold. */
  public static final int MAX_REQUEST_NUMBER_LENGTH = 100;

  /**
   * Request bodies: exactly one JSON value (trailing content is an error), no duplicate field
   * names, bounded nesting and number length, floating-point numbers read exactly (so that one a
   * double cannot hold is seen, not turned into {@code Infinity} or 0).
   */
  private static final ObjectReader REQUEST_READER =
      new ObjectMapper(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_REQUEST_DEPTH)
                          .maxNumberLength(MAX_REQUEST_NUMBER_LENGTH)
                          .build())
                  .build())
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  /**
   * Parses a request body strictly: exactly one JSON object (nothing after it), no duplicate field
   * names, every text (values and field names) free of NUL and unpaired surrogates, every number
   * one a 64-bit floating-point value can hold. Each refusal is a 400 naming the field; nothing is
   * silently changed ({@code ?} for a surrogate, {@code Infinity} for {@code 1e400}).
   */
  public static JsonNode parseRequest(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("body is empty; expected a JSON object");
    }
    JsonNode node;
    try {
      node = REQUEST_READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("body could not be read");
    }
    if (node == null || node.isMissingNode() || !node.isObject()) {
      throw ApiException.badRequest("body must be a JSON object");
    }
    checkValues(node, "");
    return node;
  }

  /** Text a request may carry anywhere: no NUL, no unpaired surrogate; else why not. */
  public static String textProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "contains a NUL character (\\u0000) at position " + i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "contains an unpaired surrogate (\\u" + hex(c) + ") at position " + i;
      }
      if (Character.isLowSurrogate(c)) {
        return "contains an unpaired surrogate (\\u" + hex(c) + ") at position " + i;
      }
    }
    return null;
  }

  private static String hex(char c) {
    return String.format("%04x", (int) c);
  }

  private static void checkValues(JsonNode node, String path) {
    if (node.isTextual()) {
      String problem = textProblem(node.textValue());
      if (problem != null) {
        throw ApiException.badRequest("field '" + shown(path) + "' " + problem);
      }
    } else if (node.isBigDecimal()) {
      BigDecimal exact = node.decimalValue();
      double approximate = exact.doubleValue();
      if (Double.isInfinite(approximate) || (approximate == 0 && exact.signum() != 0)) {
        throw ApiException.badRequest(
            "field '"
                + shown(path)
                + "': the number "
                + abbreviated(exact.toString())
                + " does not fit a 64-bit floating-point value");
      }
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        String problem = textProblem(name);
        if (problem != null) {
          throw ApiException.badRequest(
              "a field name in '" + shown(path) + "' " + problem + " (field names are text too)");
        }
        checkValues(field.getValue(), path.isEmpty() ? name : path + "." + name);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkValues(node.get(i), path + "[" + i + "]");
      }
    }
  }

  private static String shown(String path) {
    return path.isEmpty() ? "(the body)" : abbreviated(path);
  }

  private static String abbreviated(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  /**
   * Parses a request body that must be one JSON object; the error names what is wrong, not where in
   * our code.
   */
  public static JsonNode parseObject(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("body is empty; expected a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("body could not be read");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("body must be a JSON object");
    }
    return node;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
