/**
 * Alerts the engine raises itself: {@link AlertRules} (dead letters appeared, oldest ready item too
 * old, throttles above a rate, drift after a reconciliation, a source silent during business hours,
 * a connection failing) with their {@link AlertSettings}, evaluated by {@link AlertEvaluator} on
 * the node holding the {@code alerts} leader lease; each firing alert is an issue of flow {@value
 * Alert#FLOW} in the dashboard's {@code IssueStore}, shown on the Overview. The same rules for
 * Prometheus ship in {@code ops/prometheus/stockbridge-alerts.yml}.
 */
package io.stockbridge.alert;

import io.stockbridge.config.AlertSettings;
