/**
 * Time as the engine uses it: the {@link io.stockbridge.time.Sleeper} every wait goes through and
 * the one {@link io.stockbridge.time.Backoff} (exponential, with jitter) every retry uses. Clocks
 * are {@link java.time.Clock}s, injected.
 */
package io.stockbridge.time;
