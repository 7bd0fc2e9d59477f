/**
 * Brightpearl facts shared by ingestion, the connector and the simulator (webhook body template).
 */
package io.stockbridge.brightpearl;
