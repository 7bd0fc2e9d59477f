/**
 * Maintenance units (payload retention) and the scheduler that runs them, leader-only where needed.
 */
package io.stockbridge.maintenance;
