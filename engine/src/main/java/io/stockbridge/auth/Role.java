package io.stockbridge.auth;

import java.util.Locale;

/** What an admin API key may do: a viewer reads; an operator also replays, redrives and pauses. */
public enum Role {
  VIEWER,
  OPERATOR;

  public boolean allows(Role required) {
    return this == OPERATOR || required == VIEWER;
  }

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role '" + text + "'; one of viewer, operator", e);
    }
  }
}
