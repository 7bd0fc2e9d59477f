package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.time.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk operations: staged JSONL upload, start, completion by polling {@code bulkOperation(id)} (1
 * point per poll, from 250 ms up to 5 s apart), download and parsing of the JSONL result.
 */
final class BulkRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELED", "EXPIRED");

  private final ShopifyClient client;
  private final Sleeper sleeper;
  private final Clock clock;

  BulkRunner(ShopifyClient client, Sleeper sleeper, Clock clock) {
    this.client = client;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  BulkResult runQuery(String query, Duration timeout) {
    JsonNode payload =
        client
            .execute(
                "bulkOperationRunQuery",
                GraphqlDocuments.get("bulk-operation-run-query"),
                Map.of("query", query),
                10)
            .data()
            .path("bulkOperationRunQuery");
    return await(started(payload), timeout);
  }

  BulkResult runMutation(String mutation, List<Map<String, Object>> variables, Duration timeout) {
    StringBuilder jsonl = new StringBuilder();
    try {
      for (Map<String, Object> line : variables) {
        jsonl.append(JSON.writeValueAsString(line)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("resource", "BULK_MUTATION_VARIABLES");
    target.put("filename", "bulk_op_vars.jsonl");
    target.put("mimeType", "text/jsonl");
    target.put("httpMethod", "POST");
    JsonNode staged =
        client
            .execute(
                "stagedUploadsCreate",
                GraphqlDocuments.get("staged-uploads-create"),
                Map.of("input", List.of(target)),
                10)
            .data()
            .path("stagedUploadsCreate")
            .path("stagedTargets")
            .path(0);
    Map<String, String> parameters = new LinkedHashMap<>();
    staged
        .path("parameters")
        .forEach(p -> parameters.put(p.path("name").asText(), p.path("value").asText()));
    client.uploadForm(
        URI.create(staged.path("url").asText()),
        parameters,
        "bulk_op_vars.jsonl",
        jsonl.toString().getBytes(StandardCharsets.UTF_8));
    Map<String, Object> run =
        Map.of("mutation", mutation, "stagedUploadPath", parameters.get("key"));
    JsonNode payload =
        client
            .execute(
                "bulkOperationRunMutation",
                GraphqlDocuments.get("bulk-operation-run-mutation"),
                run,
                10)
            .data()
            .path("bulkOperationRunMutation");
    return await(started(payload), timeout);
  }

  private static String started(JsonNode payload) {
    JsonNode errors = payload.path("userErrors");
    if (!errors.isEmpty()) {
      String code = errors.path(0).path("code").asText("");
      if (code.equals("LIMIT_REACHED") || code.equals("OPERATION_IN_PROGRESS")) {
        throw new ShopifyRetryLaterException(
            "bulk operation limit reached: " + errors.path(0).path("message").asText(),
            Duration.ofSeconds(30),
            null);
      }
      throw new ShopifyRequestException("bulk operation refused: " + errors, 200);
    }
    return payload.path("bulkOperation").path("id").asText();
  }

  private BulkResult await(String id, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    Duration interval = Duration.ofMillis(250);
    while (true) {
      JsonNode operation =
          client
              .execute("bulkOperation", GraphqlDocuments.get("bulk-operation"), Map.of("id", id), 1)
              .data()
              .path("bulkOperation");
      String status = operation.path("status").asText();
      if (FINAL.contains(status)) {
        List<JsonNode> lines = new ArrayList<>();
        String url = operation.path("url").asText(null);
        if (url != null) {
          for (String line :
              new String(client.download(URI.create(url)), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
              try {
                lines.add(JSON.readTree(line));
              } catch (IOException e) {
                throw new ShopifyRetryLaterException(
                    "bulk result " + id + " has a malformed line", Duration.ofSeconds(30), e);
              }
            }
          }
        }
        return new BulkResult(id, status, operation.path("errorCode").asText(null), lines);
      }
      if (clock.instant().isAfter(deadline)) {
        throw new ShopifyRetryLaterException(
            "bulk operation " + id + " still " + status + " after " + timeout,
            Duration.ofSeconds(30),
            null);
      }
      try {
        sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShopifyRetryLaterException("interrupted while polling " + id, interval, e);
      }
      interval =
          interval.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
              ? Duration.ofSeconds(5)
              : interval.multipliedBy(2);
    }
  }
}
