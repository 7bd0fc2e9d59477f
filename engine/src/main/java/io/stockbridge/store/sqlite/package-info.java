/** The SQLite engine: one database file (WAL) under the data directory; the embedded default. */
package io.stockbridge.store.sqlite;
