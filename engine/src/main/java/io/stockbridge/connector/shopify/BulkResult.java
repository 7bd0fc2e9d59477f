package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A finished bulk operation: its id, final status ({@code COMPLETED}, {@code FAILED}...), error
 * code (null if none) and the parsed JSONL result lines (empty when there was no result file).
 */
public record BulkResult(
    String operationId, String status, String errorCode, List<JsonNode> lines) {}
