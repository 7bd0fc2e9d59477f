package io.stockbridge.flow;

/**
 * Sends events of {@code source} whose type starts with {@code typePrefix} ({@code *} matches any
 * source) to handler {@code kind}, at {@code priority} (lower runs first: stock before
 * descriptions). {@code ordered} items of one key and store run one at a time, oldest first.
 */
public record Route(String source, String typePrefix, String kind, int priority, boolean ordered) {
  public boolean matches(String eventSource, String eventType) {
    return (source.equals("*") || source.equals(eventSource)) && eventType.startsWith(typePrefix);
  }
}
