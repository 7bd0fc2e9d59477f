package io.stockbridge.queue;

import java.util.List;

/**
 * Paused scopes: {@code flow:<kind>} stops claiming items of a kind, {@code store:<name>} items of
 * a store. Paused items stay queued and run when resumed. Implementations are thread-safe.
 */
public interface Pauses {
  void pause(String scope, String by, long now);

  boolean resume(String scope);

  List<String> list();

  /** What a scope looks like: {@code flow:<kind>} or {@code store:<name>}. */
  java.util.regex.Pattern SCOPE =
      java.util.regex.Pattern.compile("(flow|store):[A-Za-z0-9._/-]{1,200}");

  static boolean isValidScope(String scope) {
    return scope != null && SCOPE.matcher(scope).matches();
  }

  static String flow(String kind) {
    return "flow:" + kind;
  }

  static String store(String store) {
    return "store:" + store;
  }
}
