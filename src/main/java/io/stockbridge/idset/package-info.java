/** Brightpearl ID sets ({@code 1-5,99}): parsing, compaction into ranges and chunking. */
package io.stockbridge.idset;
