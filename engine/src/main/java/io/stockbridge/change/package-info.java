/**
 * The engine's own change events (issue 13): {@link io.stockbridge.change.ChangeEvents} appends
 * them as rows of the event log (source {@value io.stockbridge.change.ChangeEvents#SOURCE}) inside
 * the caller's transaction, so a change is never published without its cause nor lost; the payload
 * records ({@link io.stockbridge.change.Change} and its kinds) are versioned JSON.
 */
package io.stockbridge.change;
