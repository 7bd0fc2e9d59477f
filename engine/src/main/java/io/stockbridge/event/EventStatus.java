package io.stockbridge.event;

import java.util.Locale;

/** Where an event is on its path; stored lower-case. */
public enum EventStatus {
  RECEIVED,
  QUEUED,
  PROCESSING,
  WAITING,
  /** Retried after a throttle or a retry-later answer, without spending an attempt. */
  RETRYING,
  SUCCEEDED,
  FAILED,
  DEAD;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a stored or user-given status; throws IllegalArgumentException naming the choices. */
  public static EventStatus parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown status '"
              + text
              + "'; one of "
              + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT),
          e);
    }
  }
}
