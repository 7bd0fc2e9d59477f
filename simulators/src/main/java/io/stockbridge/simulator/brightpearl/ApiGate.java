package io.stockbridge.simulator.brightpearl;

import io.javalin.http.Context;

/**
 * What happens to every {@code /public-api} request before its handler, in the real order: the
 * account and credentials are checked (401), the rolling-minute limit is applied (503, or 429 with
 * {@code Retry-After}; the two budget headers on every answer), then injected faults. Thread-safe.
 */
final class ApiGate {
  static final String REMAINING_HEADER = "brightpearl-requests-remaining";
  static final String NEXT_PERIOD_HEADER = "brightpearl-next-throttle-period";
  static final String MALFORMED_ATTRIBUTE = "sim.malformed";

  private final BrightpearlSimulatorOptions options;
  private final RollingWindowLimiter limiter;
  private final SimFaults faults;
  private final SimCounters counters;

  ApiGate(
      BrightpearlSimulatorOptions options,
      RollingWindowLimiter limiter,
      SimFaults faults,
      SimCounters counters) {
    this.options = options;
    this.limiter = limiter;
    this.faults = faults;
    this.counters = counters;
  }

  void before(Context ctx) throws InterruptedException {
    String account = ctx.pathParam("account");
    if (!account.equals(options.accountCode())) {
      throw ApiError.notFound("Account " + account + " not found");
    }
    if (!authorised(ctx)) {
      counters.increment(SimCounters.AUTH_REJECTED);
      throw new ApiError(401, "CMNC-401", "Not authenticated");
    }
    counters.increment(SimCounters.REQUESTS);
    counters.increment(SimCounters.REQUESTS + "." + ctx.method().name() + " " + resource(ctx));
    SimFaults.Fault fault = faults.nextApiFault();
    // An injected throttle answers as an exhausted window without spending a slot of it.
    RollingWindowLimiter.Decision decision =
        fault instanceof SimFaults.Fault.Throttle
            ? new RollingWindowLimiter.Decision(false, 0, 1000)
            : limiter.acquire(account);
    ctx.header(REMAINING_HEADER, String.valueOf(decision.remaining()));
    ctx.header(NEXT_PERIOD_HEADER, String.valueOf(decision.nextPeriodMs()));
    if (!decision.allowed()) {
      counters.increment(SimCounters.THROTTLED);
      if (options.throttleMode() == BrightpearlSimulatorOptions.ThrottleMode.STATUS_429) {
        ctx.header(
            "Retry-After", String.valueOf(Math.max(1, (decision.nextPeriodMs() + 999) / 1000)));
        throw new ApiError(429, "CMNC-429", "Too many requests");
      }
      throw new ApiError(
          503,
          "CMNC-503",
          "You have sent too many requests. Please wait before sending another request");
    }
    long latency = faults.nextLatencyMs();
    if (latency > 0) {
      Thread.sleep(latency);
    }
    if (fault == null) {
      return;
    }
    counters.increment(SimCounters.FAULTS);
    switch (fault) {
      case SimFaults.Fault.ErrorStatus error ->
          throw new ApiError(error.status(), "SIM-FAULT", "Injected fault");
      case SimFaults.Fault.Hang hang -> Thread.sleep(hang.millis());
      case SimFaults.Fault.Malformed malformed -> ctx.attribute(MALFORMED_ATTRIBUTE, true);
      case SimFaults.Fault.Throttle throttle -> throw new IllegalStateException("handled above");
    }
  }

  /** Replaces the body of a request marked malformed by a truncated one. */
  static void after(Context ctx) {
    if (Boolean.TRUE.equals(ctx.attribute(MALFORMED_ATTRIBUTE))) {
      String body = ctx.result() == null ? "{\"response\":" : ctx.result();
      ctx.status(200).result(body.substring(0, Math.max(1, body.length() / 2)));
    }
  }

  private boolean authorised(Context ctx) {
    String appRef = ctx.header("brightpearl-app-ref");
    if (appRef == null || !appRef.equals(options.appRef())) {
      return false;
    }
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      return authorization.startsWith("Bearer ")
          && options.oauthToken().matches(authorization.substring("Bearer ".length()))
          && options.devRef().equals(ctx.header("brightpearl-dev-ref"));
    }
    return options.accountToken().matches(ctx.header("brightpearl-account-token"));
  }

  /** The resource a request names, e.g. {@code product-availability}. */
  static String resource(Context ctx) {
    String path = ctx.path();
    int service = path.indexOf("-service/");
    if (service < 0) {
      return "?";
    }
    String rest = path.substring(service + "-service/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
