package io.stockbridge.simulator.shopify;

/**
 * Random faults the simulator injects, as rates in [0, 1] per request (or per webhook delivery) and
 * durations in milliseconds. {@link #NONE} injects nothing. Immutable.
 *
 * @param errorRate share of GraphQL requests answered with HTTP 503 before anything runs
 * @param latencyMinMillis least added latency per request
 * @param latencyMaxMillis most added latency per request (uniformly distributed)
 * @param hangRate share of requests that hang for {@code hangMillis} before any work (a timeout)
 * @param hangMillis how long a hang lasts
 * @param throttleRate share of requests answered THROTTLED whatever the bucket holds
 * @param malformedRate share of requests answered with a truncated JSON body (after running)
 * @param webhookDropRate share of webhooks never sent
 * @param webhookDuplicateRate share of webhooks sent twice (same webhook and event id)
 * @param webhookLateMillis delay before every webhook is sent
 */
public record FaultSettings(
    double errorRate,
    long latencyMinMillis,
    long latencyMaxMillis,
    double hangRate,
    long hangMillis,
    double throttleRate,
    double malformedRate,
    double webhookDropRate,
    double webhookDuplicateRate,
    long webhookLateMillis) {
  public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 30_000, 0, 0, 0, 0, 0);

  public FaultSettings {
    for (double rate :
        new double[] {
          errorRate, hangRate, throttleRate, malformedRate, webhookDropRate, webhookDuplicateRate
        }) {
      if (rate < 0 || rate > 1) {
        throw new IllegalArgumentException("fault rates must be within [0, 1], got " + rate);
      }
    }
    if (latencyMinMillis < 0 || latencyMaxMillis < latencyMinMillis) {
      throw new IllegalArgumentException(
          "latency must satisfy 0 <= latencyMinMillis <= latencyMaxMillis");
    }
  }
}
