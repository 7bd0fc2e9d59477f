/**
 * Batches with a completion barrier: a group of events (an API batch, a reconciliation run's
 * corrections, a bulk replay, a full sync's products) counted live, whose end appends exactly one
 * {@code batch.completed} change event; {@link BatchStages} runs the next stage for it.
 */
package io.stockbridge.batch;
