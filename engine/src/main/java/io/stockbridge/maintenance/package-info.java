/**
 * Maintenance units (payload retention, the backfill of the name index) and the scheduler that runs
 * them, leader-only where needed.
 */
package io.stockbridge.maintenance;
