package io.stockbridge.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each configuration value came from: a line and column of the file, or an environment
 * variable, so that every problem can point at what the operator has to change. Paths are dotted
 * ({@code stores.uk.bulk.readThreshold}, list items {@code products.tagRules[0]}); a path with no
 * origin of its own takes its nearest ancestor's (a missing required key points at its section).
 */
final class Origins {
  /** A value's origin: {@code variable} when an environment variable set it, else its place. */
  record Origin(String variable, int line, int column) {
    static Origin ofVariable(String name) {
      return new Origin(name, 0, 0);
    }

    boolean fromEnvironment() {
      return variable != null;
    }

    /** "line 3, column 1" or "environment variable STOCKBRIDGE_HTTP_PORT". */
    String describe() {
      return fromEnvironment()
          ? "environment variable " + variable
          : "line " + line + ", column " + column;
    }
  }

  private final Map<String, Origin> byPath = new HashMap<>();

  void file(String path, int line, int column) {
    byPath.putIfAbsent(path, new Origin(null, line, column));
  }

  /** {@code path} (and everything under it) now comes from the variable {@code name}. */
  void variable(String path, String name) {
    byPath.keySet().removeIf(key -> key.startsWith(path + ".") || key.startsWith(path + "["));
    byPath.put(path, Origin.ofVariable(name));
  }

  boolean has(String path) {
    return byPath.containsKey(path);
  }

  /** The origin of {@code path}, or of its nearest ancestor that has one. */
  Optional<Origin> of(String path) {
    String at = path;
    while (!at.isEmpty()) {
      Origin origin = byPath.get(at);
      if (origin != null) {
        return Optional.of(origin);
      }
      at = at.substring(0, Math.max(0, Math.max(at.lastIndexOf('.'), at.lastIndexOf('['))));
    }
    return Optional.empty();
  }

  /** The dotted form of path parts; a part {@code [2]} is a list index. */
  static String dotted(List<String> parts) {
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (!part.startsWith("[") && !path.isEmpty()) {
        path.append('.');
      }
      path.append(part);
    }
    return path.toString();
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The path a parser stands at: object keys and list indexes from the root down. */
  static String pathOf(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      if (at.inObject() && at.getCurrentName() != null) {
        parts.addFirst(at.getCurrentName());
      } else if (at.inArray() && at.getCurrentIndex() >= 0) {
        parts.addFirst("[" + at.getCurrentIndex() + "]");
      }
    }
    return dotted(List.copyOf(parts));
  }
}
