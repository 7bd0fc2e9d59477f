/**
 * Events: what came in, their metadata, payloads and status history, what they name (product ids,
 * SKUs, order names) and the search over them.
 */
package io.stockbridge.event;
