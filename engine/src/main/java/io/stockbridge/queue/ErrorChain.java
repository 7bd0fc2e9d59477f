package io.stockbridge.queue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Describes an exception and its causes in one line each, for the dead letters and the history. */
final class ErrorChain {
  private ErrorChain() {}

  static String message(Throwable error) {
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  /** {@code Type: message} for the error and each cause, outermost first, joined by newlines. */
  static String causes(Throwable error) {
    List<String> lines = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      lines.add(t.getClass().getName() + ": " + t.getMessage());
    }
    return String.join("\n", lines);
  }
}
