/**
 * A faithful Brightpearl API simulator: a real HTTP server (Javalin) with a stateful catalog
 * (products, brands, warehouses, availability, price lists, categories), the real URL layout and
 * auth headers, ID sets, the 200-id cap, the 200-requests-per-rolling-minute limit with its
 * headers, outgoing webhooks rendered from registered templates with QoS retries, and a control API
 * under {@code /_control} to seed and change data, inject faults and read counters. Start it
 * embedded with {@link io.stockbridge.simulator.brightpearl.BrightpearlSimulator#start}.
 */
package io.stockbridge.simulator.brightpearl;
