package io.stockbridge.simulator.shopify;

import java.time.Clock;

/**
 * A shop's leaky bucket of cost points: it refills continuously at {@code restoreRate} points per
 * second up to {@code capacity}; a query must find its requested cost in the bucket before it runs.
 * Thread-safe.
 */
final class CostBucket {
  private final Clock clock;
  private double capacity;
  private double restoreRate;
  private double available;
  private long updatedAtMillis;

  CostBucket(Clock clock, ShopifyPlan plan) {
    this.clock = clock;
    this.updatedAtMillis = clock.millis();
    setPlan(plan);
    this.available = capacity;
  }

  synchronized void setPlan(ShopifyPlan plan) {
    refill();
    this.capacity = plan.bucketSize();
    this.restoreRate = plan.restoreRate();
    this.available = Math.min(available, capacity);
  }

  /** Takes {@code points} if the bucket holds them; false (nothing taken) otherwise. */
  synchronized boolean tryTake(double points) {
    refill();
    if (available < points) {
      return false;
    }
    available -= points;
    return true;
  }

  synchronized void refund(double points) {
    refill();
    available = Math.min(capacity, available + points);
  }

  /** Empties the bucket (down to {@code leave} points): a competing app or a test. */
  synchronized void drain(double leave) {
    refill();
    available = Math.max(0, Math.min(available, leave));
  }

  synchronized Status status() {
    refill();
    return new Status(capacity, available, restoreRate);
  }

  private void refill() {
    long now = clock.millis();
    if (now > updatedAtMillis) {
      available = Math.min(capacity, available + (now - updatedAtMillis) * restoreRate / 1000.0);
      updatedAtMillis = now;
    }
  }

  record Status(double maximumAvailable, double currentlyAvailable, double restoreRate) {}
}
