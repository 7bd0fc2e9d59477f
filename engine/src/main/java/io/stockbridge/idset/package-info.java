/**
 * Brightpearl ID sets ({@code 1-5,99}): parsing, compaction into ranges and chunking, and reading
 * their ranges without expanding them.
 */
package io.stockbridge.idset;
