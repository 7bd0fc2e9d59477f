/**
 * The SQL shared by both engines, and the {@link io.stockbridge.store.jdbc.Dialect} they differ by.
 */
package io.stockbridge.store.jdbc;
