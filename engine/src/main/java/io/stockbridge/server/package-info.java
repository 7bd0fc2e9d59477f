/** The composition root: {@link io.stockbridge.server.StockbridgeNode} wires one running node. */
package io.stockbridge.server;
