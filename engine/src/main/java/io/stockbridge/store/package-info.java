/**
 * Storage: one API ({@link io.stockbridge.store.Storage}) with an implementation per engine ({@code
 * store.sqlite}, {@code store.postgres}) over shared JDBC code ({@code store.jdbc}).
 */
package io.stockbridge.store;
