/** Events: what came in, their metadata, payloads and status history, and the search over them. */
package io.stockbridge.event;
