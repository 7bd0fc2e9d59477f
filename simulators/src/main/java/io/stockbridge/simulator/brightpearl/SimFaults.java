package io.stockbridge.simulator.brightpearl;

import java.util.ArrayDeque;
import java.util.Random;

/**
 * Faults the simulator injects into API answers and outgoing webhooks: random rates (for benches
 * and demos) and a queue of exact faults for the next requests (for tests). Thread-safe.
 */
public final class SimFaults {
  /**
   * Random fault rates (each 0..1). {@code errorStatus} is the status of injected errors (e.g. 500,
   * 502); latency is drawn uniformly from {@code latencyMinMs..latencyMaxMs}; a hang holds the
   * answer for {@code hangMs}; {@code throttleAll} answers every request as over the limit; webhook
   * deliveries may be dropped, duplicated or held back by {@code webhookDelayMs}. {@code
   * importIdSetSize} (0 = off) is the burst mode: on-hand-modified webhooks are sent as a CSV
   * import makes Brightpearl send them, the changed ids in the order the import named them
   * (scattered, none merged into ranges: thousands of characters) and at most this many per
   * webhook.
   */
  public record Settings(
      double errorRate,
      int errorStatus,
      long latencyMinMs,
      long latencyMaxMs,
      double hangRate,
      long hangMs,
      double malformedRate,
      boolean throttleAll,
      double webhookDropRate,
      double webhookDuplicateRate,
      long webhookDelayMs,
      long seed,
      int importIdSetSize) {
    public static final Settings NONE = new Settings(0, 500, 0, 0, 0, 0, 0, false, 0, 0, 0, 1, 0);

    /** Settings without the burst mode. */
    public Settings(
        double errorRate,
        int errorStatus,
        long latencyMinMs,
        long latencyMaxMs,
        double hangRate,
        long hangMs,
        double malformedRate,
        boolean throttleAll,
        double webhookDropRate,
        double webhookDuplicateRate,
        long webhookDelayMs,
        long seed) {
      this(
          errorRate,
          errorStatus,
          latencyMinMs,
          latencyMaxMs,
          hangRate,
          hangMs,
          malformedRate,
          throttleAll,
          webhookDropRate,
          webhookDuplicateRate,
          webhookDelayMs,
          seed,
          0);
    }

    /** These settings with the burst mode on ({@code idsPerWebhook} > 0) or off (0). */
    public Settings withImportIdSetSize(int idsPerWebhook) {
      return new Settings(
          errorRate,
          errorStatus,
          latencyMinMs,
          latencyMaxMs,
          hangRate,
          hangMs,
          malformedRate,
          throttleAll,
          webhookDropRate,
          webhookDuplicateRate,
          webhookDelayMs,
          seed,
          idsPerWebhook);
    }

    public Settings {
      for (double rate :
          new double[] {
            errorRate, hangRate, malformedRate, webhookDropRate, webhookDuplicateRate
          }) {
        if (rate < 0 || rate > 1) {
          throw new IllegalArgumentException("fault rates must be within 0..1, got " + rate);
        }
      }
      if (latencyMaxMs < latencyMinMs || latencyMinMs < 0 || hangMs < 0 || webhookDelayMs < 0) {
        throw new IllegalArgumentException("latency, hang and delay must be >= 0, min <= max");
      }
      if (importIdSetSize < 0) {
        throw new IllegalArgumentException(
            "importIdSetSize must be >= 0 (0 = off), got " + importIdSetSize);
      }
      if (errorStatus < 400 || errorStatus > 599) {
        throw new IllegalArgumentException("errorStatus must be 4xx or 5xx, got " + errorStatus);
      }
    }
  }

  /** One fault applied to one API request. */
  public sealed interface Fault {
    /** Answer with this status and an errors body. */
    record ErrorStatus(int status) implements Fault {}

    /** Answer 200 with a body that is not valid JSON. */
    record Malformed() implements Fault {}

    /** Hold the answer this long (a client timeout test). */
    record Hang(long millis) implements Fault {}

    /** Answer as over the rate limit. */
    record Throttle() implements Fault {}
  }

  private Settings settings = Settings.NONE;
  private Random random = new Random(Settings.NONE.seed());
  private final ArrayDeque<Fault> queued = new ArrayDeque<>();

  public synchronized void set(Settings newSettings) {
    settings = newSettings;
    random = new Random(newSettings.seed());
  }

  public synchronized Settings settings() {
    return settings;
  }

  /** Applies {@code fault} to each of the next {@code count} API requests, before random faults. */
  public synchronized void queue(Fault fault, int count) {
    for (int i = 0; i < count; i++) {
      queued.addLast(fault);
    }
  }

  /** Clears rates and queued faults. */
  public synchronized void reset() {
    set(Settings.NONE);
    queued.clear();
  }

  /** The fault for the next API request, or null; consumes a queued fault. */
  synchronized Fault nextApiFault() {
    if (!queued.isEmpty()) {
      return queued.pollFirst();
    }
    if (settings.throttleAll()) {
      return new Fault.Throttle();
    }
    if (settings.errorRate() > 0 && random.nextDouble() < settings.errorRate()) {
      return new Fault.ErrorStatus(settings.errorStatus());
    }
    if (settings.hangRate() > 0 && random.nextDouble() < settings.hangRate()) {
      return new Fault.Hang(settings.hangMs());
    }
    if (settings.malformedRate() > 0 && random.nextDouble() < settings.malformedRate()) {
      return new Fault.Malformed();
    }
    return null;
  }

  /** Milliseconds of latency to add to the next API answer. */
  synchronized long nextLatencyMs() {
    long spread = settings.latencyMaxMs() - settings.latencyMinMs();
    return settings.latencyMinMs() + (spread == 0 ? 0 : (long) (random.nextDouble() * spread));
  }

  synchronized boolean dropWebhook() {
    return settings.webhookDropRate() > 0 && random.nextDouble() < settings.webhookDropRate();
  }

  synchronized boolean duplicateWebhook() {
    return settings.webhookDuplicateRate() > 0
        && random.nextDouble() < settings.webhookDuplicateRate();
  }

  synchronized int importIdSetSize() {
    return settings.importIdSetSize();
  }

  synchronized long webhookDelayMs() {
    return settings.webhookDelayMs();
  }
}
