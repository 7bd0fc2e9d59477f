package io.stockbridge.flow;

/**
 * How a route's items of one event key and store run against each other. Items of routes that share
 * a {@code scope} share their keys, so two flows (a product's update and its destroy) can be kept
 * in order.
 */
public sealed interface KeyOrder {
  /** No constraint: items run whenever claimed, side by side. */
  KeyOrder NONE = new None();

  /** No constraint. */
  record None() implements KeyOrder {}

  /** One at a time, oldest first, on any node: an update never overtakes the one before it. */
  record Ordered(String scope) implements KeyOrder {}

  /**
   * Never on two nodes at once, unordered: one node may take several together and coalesce them (a
   * stock push reads the latest figures anyway).
   */
  record Exclusive(String scope) implements KeyOrder {}

  static KeyOrder ordered(String scope) {
    return new Ordered(scope);
  }

  static KeyOrder exclusive(String scope) {
    return new Exclusive(scope);
  }
}
