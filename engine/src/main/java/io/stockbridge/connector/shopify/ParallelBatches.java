package io.stockbridge.connector.shopify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Runs the batches of one operation on virtual threads, a bounded number at once. */
final class ParallelBatches {
  private ParallelBatches() {}

  /**
   * Runs the batches, at most {@code parallelism} at once (the shared budget paces them). If any
   * batch fails, the first failure is thrown once all have ended; the other batches may have been
   * applied, and retrying the whole push is safe: their compare-and-swap goes stale, is re-read,
   * and sets the same quantities again.
   */
  static void runAll(List<Callable<Void>> batches, int parallelism) {
    if (batches.size() == 1 || parallelism == 1) {
      for (Callable<Void> batch : batches) {
        call(batch);
      }
      return;
    }
    Semaphore slots = new Semaphore(parallelism);
    List<Future<Void>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<Void> batch : batches) {
        futures.add(
            executor.submit(
                () -> {
                  slots.acquire();
                  try {
                    return batch.call();
                  } finally {
                    slots.release();
                  }
                }));
      }
    }
    RuntimeException failure = null;
    for (Future<Void> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException runtime
                  ? runtime
                  : new ShopifyException("inventory push failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShopifyRetryLaterException(
            "interrupted during inventory push", ShopifyClient.MIN_RETRY_LATER, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void call(Callable<Void> batch) {
    try {
      batch.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ShopifyException("inventory push failed", e);
    }
  }
}
