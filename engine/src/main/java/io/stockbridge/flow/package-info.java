/** Sync flows and the routing of events to them; each flow is a stateless queue handler. */
package io.stockbridge.flow;
