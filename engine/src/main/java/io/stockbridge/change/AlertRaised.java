package io.stockbridge.change;

/**
 * {@code alert.raised}: an alert began to fire (an alert issue opened or reopened), or a subscriber
 * was disabled; {@code name} is the rule's or {@code subscriber.disabled}, {@code issue} the
 * fingerprint of the issue it is recorded in (null when none).
 */
public record AlertRaised(String name, String message, String store, String issue)
    implements Change {
  public static final String TYPE = "alert.raised";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String key() {
    return "alert:" + name;
  }

  @Override
  public String storeName() {
    return store;
  }
}
