package io.stockbridge.flow;

/** What the node tells flows about the queue, so coalescing can wait for a backlog to drain. */
public interface Backlog {
  /** Whether more work is waiting than the node is processing (a burst is being worked off). */
  boolean pending();

  /** Whether the node holds as many items as it may: a flow must not wait for more. */
  boolean saturated();

  /** The most items this node holds at once. */
  int maxInFlight();

  /** Events this node's ingestion has stored since start (sampled for the incoming rate). */
  long eventsStored();
}
