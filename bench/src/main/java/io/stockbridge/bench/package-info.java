/**
 * The benchmark harness ({@code ./stockbridge bench}) and its scenarios; each prints JSON figures.
 */
package io.stockbridge.bench;
