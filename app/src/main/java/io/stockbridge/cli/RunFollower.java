package io.stockbridge.cli;

import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.flow.reconcile.RunStage;
import io.stockbridge.store.Storage;
import io.stockbridge.time.Sleeper;
import java.time.Duration;

/**
 * Follows a stored reconciliation or full sync until it ends, showing its {@link Progress}: the
 * CLI's {@code --follow}. Reads the database once a second, for at most the given time.
 */
final class RunFollower {
  static final Duration POLL = Duration.ofSeconds(1);

  private RunFollower() {}

  /** 0 when the run completed, 1 when it ended otherwise or was still going at {@code timeout}. */
  static int follow(Storage storage, long id, Progress progress, Duration timeout, Sleeper sleeper)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Reconciliation run =
          storage
              .reconciliations()
              .find(id)
              .orElseThrow(() -> new IllegalArgumentException("no reconciliation with id " + id));
      RunStage stage = RunStage.of(run, storage.events());
      if (stage.isFinal()) {
        Reconciliation now =
            io.stockbridge.flow.reconcile.ReconcileService.current(run, storage.events());
        progress.done(
            stage.stage()
                + ": checked "
                + now.checked()
                + ", drifted "
                + now.drifted()
                + ", fixed "
                + now.fixed()
                + ", failed "
                + now.failed());
        return now.status() == Reconciliation.Status.COMPLETED ? 0 : 1;
      }
      progress.update(stage.stage(), stage.done(), stage.total());
      if (System.nanoTime() > deadline) {
        progress.done(
            "still "
                + run.status().dbValue()
                + " after "
                + timeout.toMinutes()
                + " min; see ./stockbridge reconcile show "
                + id);
        return 1;
      }
      sleeper.sleep(POLL);
    }
  }
}
