package io.stockbridge.alert;

import io.stockbridge.store.Issue;

/**
 * One alert firing: its rule, what it is about ({@code subject}: a flow, a connection, a source),
 * and a message with the figures. Recorded as an issue of flow {@value #FLOW}, error type the rule.
 */
public record Alert(String rule, String subject, String message) {
  /** The flow of the issues alerts open. */
  public static final String FLOW = Issue.ALERT_FLOW;
}
