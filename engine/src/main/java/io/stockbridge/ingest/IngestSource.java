package io.stockbridge.ingest;

import io.stockbridge.http.Exchange;

/**
 * One ingest endpoint's source: who may send (authentication) and what a request means (parsing).
 * Authentication comes first, so that every refusal after it is known to be of an authenticated
 * sender (counted as such in {@link IngestRejections}).
 */
interface IngestSource {
  /** The source name stored with events and counted with refusals. */
  String name();

  /** Whether authentication needs the body (a signature over it); else only headers and URI. */
  boolean signsBody();

  /**
   * Throws ApiException 401/404 unless the request is from a known sender; {@code body} is null
   * unless {@link #signsBody()}.
   */
  void authenticate(Exchange ctx, byte[] body);

  /** The event an authenticated request carries; throws ApiException 400 naming what is wrong. */
  IncomingEvent parse(Exchange ctx, byte[] body);
}
