/**
 * Per-store read models: the warehouse category tree flattened (path, depth, parent), each
 * category's products with their stock on the store and the top products per category, built beside
 * the live version and swapped by a version pointer ({@link ReadModelStore}); {@link ReadModel}
 * computes a model from its inputs, {@link ReadModelBuilder} builds and swaps one store's, {@link
 * ReadModelStages} runs {@code readmodel.rebuild} items, one store's work apart from another's.
 */
package io.stockbridge.readmodel;
