package io.stockbridge.connector.shopify;

import java.util.List;

/**
 * A Shopify {@code userErrors} entry: the input path it concerns, message and code (may be null).
 */
public record UserError(List<String> field, String message, String code) {}
