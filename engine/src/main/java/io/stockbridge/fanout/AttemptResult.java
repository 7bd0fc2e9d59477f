package io.stockbridge.fanout;

/**
 * One attempt of a delivery: {@code success}, the HTTP status (webhooks; null otherwise or when no
 * answer came), the latency and an excerpt of the answer or the error (at most {@value #EXCERPT}
 * characters).
 */
public record AttemptResult(
    long deliveryId, boolean success, Integer status, long latencyMillis, String excerpt) {
  public static final int EXCERPT = 300;

  public AttemptResult {
    if (excerpt != null && excerpt.length() > EXCERPT) {
      excerpt = excerpt.substring(0, EXCERPT);
    }
  }

  public static AttemptResult ok(long deliveryId, Integer status, long latency, String excerpt) {
    return new AttemptResult(deliveryId, true, status, latency, excerpt);
  }

  public static AttemptResult failed(long deliveryId, Integer status, long latency, String why) {
    return new AttemptResult(deliveryId, false, status, latency, why);
  }
}
