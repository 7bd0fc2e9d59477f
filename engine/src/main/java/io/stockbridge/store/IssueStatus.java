package io.stockbridge.store;

import java.util.Locale;

/** What an operator said about an issue. */
public enum IssueStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED,
  IGNORED;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code value} (case-insensitive); IllegalArgumentException otherwise. */
  public static IssueStatus of(String value) {
    for (IssueStatus status : values()) {
      if (status.dbValue().equalsIgnoreCase(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "status must be open, acknowledged, resolved or ignored, got '" + value + "'");
  }
}
