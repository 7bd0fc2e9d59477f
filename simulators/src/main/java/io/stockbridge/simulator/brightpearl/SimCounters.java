package io.stockbridge.simulator.brightpearl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters of what the simulator did: {@code requests}, {@code requests.GET product} (one per
 * method and resource), {@code throttled}, {@code faults.injected}, {@code auth.rejected}, {@code
 * webhooks.sent} (delivery attempts), {@code webhooks.delivered}, {@code webhooks.failed} (gave
 * up), {@code webhooks.retried}, {@code webhooks.dropped}, {@code webhooks.duplicated}.
 * Thread-safe.
 */
public final class SimCounters {
  public static final String REQUESTS = "requests";
  public static final String THROTTLED = "throttled";
  public static final String FAULTS = "faults.injected";
  public static final String AUTH_REJECTED = "auth.rejected";
  public static final String WEBHOOKS_SENT = "webhooks.sent";
  public static final String WEBHOOKS_DELIVERED = "webhooks.delivered";
  public static final String WEBHOOKS_FAILED = "webhooks.failed";
  public static final String WEBHOOKS_RETRIED = "webhooks.retried";
  public static final String WEBHOOKS_DROPPED = "webhooks.dropped";
  public static final String WEBHOOKS_DUPLICATED = "webhooks.duplicated";

  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

  void increment(String name) {
    counters.computeIfAbsent(name, n -> new LongAdder()).increment();
  }

  /** The current value of a counter (0 when it never counted). */
  public long get(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /** Requests answered for one endpoint, e.g. {@code endpoint("GET", "product-availability")}. */
  public long endpoint(String method, String resource) {
    return get(REQUESTS + "." + method + " " + resource);
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((name, adder) -> copy.put(name, adder.sum()));
    return copy;
  }

  public void reset() {
    counters.clear();
  }
}
