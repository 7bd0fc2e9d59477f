/**
 * Ingestion: the webhook endpoints of Brightpearl and Shopify, the generic event endpoint, and the
 * group commit that makes every acknowledged event durable first.
 */
package io.stockbridge.ingest;
