package io.stockbridge.simulator.shopify;

/**
 * A fault the simulator can inject into the next N GraphQL requests (see {@link Faults#failNext}).
 */
public enum FaultKind {
  /** HTTP 503 with a JSON error body, nothing runs. */
  SERVER_ERROR,
  /** HTTP 429 with a Retry-After header, nothing runs. */
  TOO_MANY_REQUESTS,
  /**
   * The request hangs for {@link FaultSettings#hangMillis()} and nothing runs (a client timeout).
   */
  HANG,
  /** A THROTTLED answer whatever the bucket holds. */
  THROTTLE,
  /** The same THROTTLED answer with HTTP status 429 instead of 200 (some clients report this). */
  THROTTLE_AS_429,
  /** The request runs, then the answer is a truncated JSON body. */
  MALFORMED,
  /** The request runs (changes applied), then the answer is lost: the server hangs up. */
  DROP_RESPONSE_AFTER_APPLY
}
