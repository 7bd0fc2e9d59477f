package io.stockbridge.admin;

import io.stockbridge.store.Storage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Answers "is the database ready?" within {@link #answerWithin} whatever the database does. The
 * check ({@link Storage#notReadyReason()}) runs on its own daemon thread, at most one at a time; a
 * result is reused while younger than {@link #maxAge}. A check that has not finished in time
 * answers not ready (and keeps running; its result serves the next caller). Thread-safe.
 */
final class ReadinessProbe {
  /** Probes older than this are repeated. */
  static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);

  /** A caller waits at most this long for a probe; a load balancer's timeout is often 1 s. */
  static final Duration DEFAULT_ANSWER_WITHIN = Duration.ofMillis(700);

  private record Result(String notReadyReason, long checkedAtNanos) {}

  private final Storage storage;
  private final Duration maxAge;
  private final Duration answerWithin;
  private final LongSupplier nanoTime;
  private Result last;
  private CompletableFuture<Result> running;

  ReadinessProbe(Storage storage, Duration maxAge, Duration answerWithin, LongSupplier nanoTime) {
    this.storage = storage;
    this.maxAge = maxAge;
    this.answerWithin = answerWithin;
    this.nanoTime = nanoTime;
  }

  /** Null when ready; otherwise why not. Returns within about {@code answerWithin}. */
  String notReadyReason() {
    CompletableFuture<Result> probe;
    synchronized (this) {
      if (last != null && nanoTime.getAsLong() - last.checkedAtNanos() < maxAge.toNanos()) {
        return last.notReadyReason();
      }
      if (running == null) {
        running = start();
      }
      probe = running;
    }
    try {
      return probe.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS).notReadyReason();
    } catch (TimeoutException e) {
      return "database did not answer within " + answerWithin.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while checking the database";
    } catch (ExecutionException e) {
      return "database check failed: " + e.getCause().getClass().getSimpleName();
    }
  }

  private CompletableFuture<Result> start() {
    CompletableFuture<Result> probe = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("readiness-probe")
        .start(
            () -> {
              Result result;
              try {
                result = new Result(storage.notReadyReason(), nanoTime.getAsLong());
              } catch (RuntimeException e) {
                result =
                    new Result(
                        "database check failed: " + e.getClass().getSimpleName(),
                        nanoTime.getAsLong());
              }
              synchronized (this) {
                last = result;
                running = null;
              }
              probe.complete(result);
            });
    return probe;
  }
}
