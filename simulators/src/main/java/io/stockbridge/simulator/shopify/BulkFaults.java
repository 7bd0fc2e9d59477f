package io.stockbridge.simulator.shopify;

/**
 * How a shop's bulk operations misbehave, set through {@link SimulatedShop#setBulkFaults} or {@code
 * PUT /_control/shops/{shop}/bulk}. {@link #NONE} is Shopify on a good day. Immutable.
 *
 * @param maxRunning operations of one kind (query, mutation) that may run at once; Shopify allows 5
 *     since API 2026-01 and 1 before. A start beyond it gets {@code LIMIT_REACHED} and no operation
 * @param refuseStarts the next N starts are refused with user error {@code refuseCode} and a null
 *     operation, whatever runs
 * @param refuseCode the code of those user errors, e.g. {@code LIMIT_REACHED}, {@code
 *     OPERATION_IN_PROGRESS}, {@code INVALID}
 * @param silentStarts the next N starts answer a null operation and no user error at all
 * @param failRunning the next N operations started end {@code FAILED} with {@code failCode} after
 *     they ran (no result file)
 * @param failCode e.g. {@code INTERNAL_SERVER_ERROR}, {@code TIMEOUT}, {@code ACCESS_DENIED}
 * @param runMillis the least time an operation stays {@code RUNNING}, its {@code objectCount}
 *     growing meanwhile (a slow operation)
 */
public record BulkFaults(
    int maxRunning,
    int refuseStarts,
    String refuseCode,
    int silentStarts,
    int failRunning,
    String failCode,
    long runMillis) {
  public static final BulkFaults NONE =
      new BulkFaults(
          BulkOperations.MAX_RUNNING, 0, "LIMIT_REACHED", 0, 0, "INTERNAL_SERVER_ERROR", 0);

  public BulkFaults {
    if (maxRunning < 1 || refuseStarts < 0 || silentStarts < 0 || failRunning < 0) {
      throw new IllegalArgumentException(
          "maxRunning must be at least 1; refuseStarts, silentStarts, failRunning at least 0");
    }
    if (runMillis < 0) {
      throw new IllegalArgumentException("runMillis must not be negative");
    }
    refuseCode = refuseCode == null ? "LIMIT_REACHED" : refuseCode;
    failCode = failCode == null ? "INTERNAL_SERVER_ERROR" : failCode;
  }

  public BulkFaults withMaxRunning(int operations) {
    return new BulkFaults(
        operations, refuseStarts, refuseCode, silentStarts, failRunning, failCode, runMillis);
  }

  public BulkFaults withRefusedStarts(int starts, String code) {
    return new BulkFaults(maxRunning, starts, code, silentStarts, failRunning, failCode, runMillis);
  }

  public BulkFaults withSilentStarts(int starts) {
    return new BulkFaults(
        maxRunning, refuseStarts, refuseCode, starts, failRunning, failCode, runMillis);
  }

  public BulkFaults withFailedRuns(int runs, String code) {
    return new BulkFaults(
        maxRunning, refuseStarts, refuseCode, silentStarts, runs, code, runMillis);
  }

  public BulkFaults withRunMillis(long millis) {
    return new BulkFaults(
        maxRunning, refuseStarts, refuseCode, silentStarts, failRunning, failCode, millis);
  }
}
