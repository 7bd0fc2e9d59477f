package io.stockbridge.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JIT compilers' total time in this JVM, so a benchmark can warm up until they settle and tell
 * their share of a measured phase apart: compilation is spent once per process, not per event.
 */
final class JitTime {
  private JitTime() {}

  /** Whether this JVM reports its compilation time ({@link #millis} is 0 otherwise). */
  static boolean reported() {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    return compiler != null && compiler.isCompilationTimeMonitoringSupported();
  }

  /** Milliseconds the JIT compilers have spent so far (summed over their threads). */
  static long millis() {
    return reported() ? ManagementFactory.getCompilationMXBean().getTotalCompilationTime() : 0;
  }
}
