package dev.orderflow.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on standard output, so a long run shows where it is. */
final class Progress {

  private Progress() {}

  static void say(String format, Object... args) {
    System.out.printf(
        "[bench %s] %s%n",
        LocalTime.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    System.out.flush();
  }

  /** A failure in one line: its type and message, and the innermost cause's. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    return root == e
        ? text
        : text + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
