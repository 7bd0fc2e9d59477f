package io.stockbridge.cli;

import java.io.PrintStream;

/**
 * The progress of a long command (a full sync, a reconciliation, the demo's stages). On a terminal
 * ({@link #onTerminal}) one line redrawn in place: stage, a bar, percentage and counts. Elsewhere
 * (a pipe, a log file) plain lines, one when the stage changes and one per tenth of the work done,
 * so that a log stays short and readable. Used by one thread.
 */
public final class Progress {
  static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final String task;
  private final boolean terminal;
  private String lastStage;
  private long lastTenth = -1;
  private int drawnWidth;

  Progress(PrintStream out, String task, boolean terminal) {
    this.out = out;
    this.task = task;
    this.terminal = terminal;
  }

  /** Progress of {@code task} on {@code out}, drawn when the process has a terminal. */
  public static Progress of(PrintStream out, String task) {
    return new Progress(out, task, onTerminal());
  }

  /**
   * Whether the process has a terminal. From JDK 22 a console may be there with the streams
   * redirected; {@code Console.isTerminal()} (JDK 22+, so looked up) then says whether it is one.
   */
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console is a terminal
    }
  }

  /** Where the task is: {@code done} of {@code total} in {@code stage} (total 0: unknown). */
  public void update(String stage, long done, long total) {
    if (terminal) {
      String line = task + ": " + stage + " " + figures(done, total, true);
      out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
      out.flush();
      drawnWidth = line.length();
      return;
    }
    long tenth = total > 0 ? Math.min(10, done * 10 / total) : -1;
    if (!stage.equals(lastStage) || tenth > lastTenth) {
      out.println(task + ": " + stage + " " + figures(done, total, false));
      lastStage = stage;
      lastTenth = tenth;
    }
  }

  /** The task ended: {@code summary} on a line of its own. */
  public void done(String summary) {
    if (terminal && drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
    }
    out.println(task + ": " + summary);
    drawnWidth = 0;
  }

  static String figures(long done, long total, boolean bar) {
    if (total <= 0) {
      return done > 0 ? "(" + done + ")" : "";
    }
    long clamped = Math.max(0, Math.min(done, total));
    int percent = (int) (clamped * 100 / total);
    String counts = clamped + "/" + total;
    if (!bar) {
      return counts + " (" + percent + "%)";
    }
    int filled = (int) (clamped * BAR_WIDTH / total);
    return "["
        + "#".repeat(filled)
        + ".".repeat(BAR_WIDTH - filled)
        + "] "
        + percent
        + "% "
        + counts;
  }
}
