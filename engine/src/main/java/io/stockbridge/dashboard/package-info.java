/**
 * The web dashboard served at {@code /}: a single page of plain JavaScript modules (resources under
 * {@code io/stockbridge/dashboard/web}, uPlot from its WebJar) that reads the admin API and this
 * package's {@code /ui/api} (figures over time, issues, connections, batches, search), with login
 * sessions from {@link io.stockbridge.auth.SessionCookies}. Failure issues ({@link
 * io.stockbridge.dashboard.IssueTracker}) and the sampled series ({@link
 * io.stockbridge.dashboard.Samples}) live here too.
 */
package io.stockbridge.dashboard;
