/**
 * Shared state of API rate budgets: the connectors keep their model of each store's or account's
 * budget here so that several nodes spend one budget together.
 */
package io.stockbridge.ratelimit;
