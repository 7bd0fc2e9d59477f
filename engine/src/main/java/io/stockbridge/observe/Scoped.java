package io.stockbridge.observe;

/** Something in force until closed (a span made current, a logging context); closes quietly. */
@FunctionalInterface
public interface Scoped extends AutoCloseable {
  /** In force for nothing. */
  Scoped NONE = () -> {};

  @Override
  void close();
}
