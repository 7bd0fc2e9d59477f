package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.stockbridge.config.BulkSettings;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk operations of one shop: staged JSONL upload, start, completion by polling {@code
 * bulkOperation(id)} (1 point per poll, from 250 ms up to 5 s apart) until a deadline proportional
 * to the expected objects ({@link BulkSettings#deadlineFor}), download and parsing of the JSONL
 * result.
 *
 * <p>At most {@link BulkSettings#concurrency()} operations of each kind run at once from here. A
 * start that Shopify answers {@code LIMIT_REACHED} or {@code OPERATION_IN_PROGRESS} (operations of
 * other nodes or apps) waits for one of the running operations to finish and tries again, within
 * {@link BulkSettings#startWait()}; other user errors, or an answer without an operation, fail at
 * once with Shopify's reason. Thread-safe.
 */
final class BulkRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BulkRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELED", "EXPIRED");
  private static final Set<String> BUSY = Set.of("LIMIT_REACHED", "OPERATION_IN_PROGRESS");
  private static final Duration FIRST_POLL = Duration.ofMillis(250);
  private static final Duration LONGEST_POLL = Duration.ofSeconds(5);
  private static final Duration PROGRESS_LOG_EVERY = Duration.ofSeconds(15);

  private final ShopifyClient client;
  private final Sleeper sleeper;
  private final Clock clock;
  private final BulkSettings settings;
  private final Semaphore querySlots;
  private final Semaphore mutationSlots;

  BulkRunner(ShopifyClient client, Sleeper sleeper, Clock clock, BulkSettings settings) {
    this.client = client;
    this.sleeper = sleeper;
    this.clock = clock;
    this.settings = settings;
    this.querySlots = new Semaphore(settings.concurrency(), true);
    this.mutationSlots = new Semaphore(settings.concurrency(), true);
  }

  BulkSettings settings() {
    return settings;
  }

  /** Runs a bulk query expected to yield about {@code expectedObjects} lines (0: unknown). */
  BulkResult runQuery(String query, long expectedObjects, BulkProgress.Listener listener) {
    Instant startBy = clock.instant().plus(settings.startWait());
    acquire(querySlots, "query", startBy);
    try {
      String id =
          start(
              "bulkOperationRunQuery",
              GraphqlDocuments.get("bulk-operation-run-query"),
              Map.of("query", query),
              "QUERY",
              startBy);
      return await(id, expectedObjects, listener);
    } finally {
      querySlots.release();
    }
  }

  /** Runs {@code mutation} once per variables map (one JSONL line each). */
  BulkResult runMutation(
      String mutation, List<Map<String, Object>> variables, BulkProgress.Listener listener) {
    Instant startBy = clock.instant().plus(settings.startWait());
    acquire(mutationSlots, "mutation", startBy);
    try {
      String path = upload(variables);
      String id =
          start(
              "bulkOperationRunMutation",
              GraphqlDocuments.get("bulk-operation-run-mutation"),
              Map.of("mutation", mutation, "stagedUploadPath", path),
              "MUTATION",
              startBy);
      return await(id, variables.size(), listener);
    } finally {
      mutationSlots.release();
    }
  }

  private void acquire(Semaphore slots, String kind, Instant startBy) {
    try {
      long waitMillis = Math.max(0, Duration.between(clock.instant(), startBy).toMillis());
      if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
        throw busy(
            null,
            "all "
                + settings.concurrency()
                + " bulk "
                + kind
                + " slots of this node stayed taken for "
                + settings.startWait());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy(null, "interrupted while waiting for a bulk " + kind + " slot");
    }
  }

  private BulkOperationException busy(String reason, String detail) {
    String message =
        "shopify "
            + client.settings().shop()
            + ": no bulk operation could start: "
            + detail
            + (reason == null ? "" : " (" + reason + ")");
    LOG.warn("{}", message);
    return new BulkOperationException(BulkOperationException.Kind.BUSY, null, message);
  }

  private String upload(List<Map<String, Object>> variables) {
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
    JsonNode payload =
        client
            .execute(
                "stagedUploadsCreate",
                GraphqlDocuments.get("staged-uploads-create"),
                Map.of("input", List.of(target)),
                10)
            .data()
            .path("stagedUploadsCreate");
    JsonNode staged = payload.path("stagedTargets").path(0);
    if (!payload.path("userErrors").isEmpty() || !staged.hasNonNull("url")) {
      throw refused(null, "stagedUploadsCreate gave no upload target: " + payload);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    staged
        .path("parameters")
        .forEach(p -> parameters.put(p.path("name").asText(), p.path("value").asText()));
    client.uploadForm(
        URI.create(staged.path("url").asText()),
        parameters,
        "bulk_op_vars.jsonl",
        jsonl.toString().getBytes(StandardCharsets.UTF_8));
    return parameters.get("key");
  }

  /** Starts the operation, waiting for a running one while every slot is taken; returns its id. */
  private String start(
      String field, String document, Map<String, Object> variables, String type, Instant startBy) {
    String lastReason = null;
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      JsonNode payload = client.execute(field, document, variables, 10).data().path(field);
      JsonNode errors = payload.path("userErrors");
      JsonNode operation = payload.path("bulkOperation");
      if (errors.isEmpty() && operation.hasNonNull("id")) {
        return operation.path("id").asText();
      }
      if (errors.isEmpty()) {
        String message =
            "shopify "
                + client.settings().shop()
                + ": "
                + field
                + " answered no operation and no user error: "
                + payload;
        LOG.warn("{}", message);
        throw new BulkOperationException(BulkOperationException.Kind.NOT_STARTED, null, message);
      }
      String reason = describe(errors);
      if (!BUSY.contains(errors.path(0).path("code").asText(""))) {
        throw refused(null, field + " refused: " + reason);
      }
      lastReason = reason;
      if (!clock.instant().isBefore(startBy)) {
        throw busy(lastReason, "every slot stayed taken for " + settings.startWait());
      }
      LOG.info(
          "shopify {}: bulk {} waits for a running operation: {}",
          client.settings().shop(),
          type.toLowerCase(java.util.Locale.ROOT),
          reason);
      if (!awaitOneRunning(type, startBy)) {
        pause(backoff, startBy);
        backoff = backoff.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : backoff;
      }
    }
  }

  private BulkOperationException refused(String id, String detail) {
    String message = "shopify " + client.settings().shop() + ": " + detail;
    LOG.warn("{}", message);
    return new BulkOperationException(BulkOperationException.Kind.REFUSED, id, message);
  }

  /**
   * Waits (until {@code startBy}) for the oldest running operation of {@code type} to end; false
   * when none is listed (the slot may be held by one still being created).
   */
  private boolean awaitOneRunning(String type, Instant startBy) {
    JsonNode running =
        client
            .execute(
                "bulkOperations", GraphqlDocuments.get("bulk-operations-running"), Map.of(), 12)
            .data()
            .path("bulkOperations")
            .path("nodes");
    String oldest = null;
    for (JsonNode node : running) {
      if (type.equals(node.path("type").asText())
          && !FINAL.contains(node.path("status").asText())) {
        oldest = node.path("id").asText();
      }
    }
    if (oldest == null) {
      return false;
    }
    Duration interval = FIRST_POLL;
    while (clock.instant().isBefore(startBy)) {
      JsonNode operation = poll(oldest);
      if (operation.isMissingNode() || FINAL.contains(operation.path("status").asText())) {
        return true;
      }
      pause(interval, startBy);
      interval = longer(interval);
    }
    return true;
  }

  private JsonNode poll(String id) {
    JsonNode operation =
        client
            .execute("bulkOperation", GraphqlDocuments.get("bulk-operation"), Map.of("id", id), 1)
            .data()
            .path("bulkOperation");
    return operation.isObject() ? operation : MissingNode.getInstance();
  }

  private BulkResult await(String id, long expected, BulkProgress.Listener listener) {
    Duration allowed = settings.deadlineFor(expected);
    Instant deadline = clock.instant().plus(allowed);
    Duration interval = FIRST_POLL;
    Instant lastLog = Instant.MIN;
    long lastCount = -1;
    while (true) {
      JsonNode operation = poll(id);
      if (operation.isMissingNode()) {
        throw new BulkOperationException(
            BulkOperationException.Kind.FAILED,
            id,
            "shopify " + client.settings().shop() + ": bulk operation " + id + " is unknown");
      }
      String status = operation.path("status").asText();
      long count = operation.path("objectCount").asLong(0);
      listener.update(new BulkProgress(id, status, count, expected));
      if (FINAL.contains(status)) {
        LOG.info(
            "shopify {}: bulk operation {} {} with {} objects",
            client.settings().shop(),
            id,
            status,
            count);
        return finished(id, status, operation);
      }
      Instant now = clock.instant();
      if (count != lastCount && !now.isBefore(lastLog.plus(PROGRESS_LOG_EVERY))) {
        LOG.info(
            "shopify {}: bulk operation {} {}: {} of about {} objects",
            client.settings().shop(),
            id,
            status,
            count,
            expected);
        lastLog = now;
        lastCount = count;
      }
      if (!now.isBefore(deadline)) {
        cancel(id);
        String message =
            "shopify "
                + client.settings().shop()
                + ": bulk operation "
                + id
                + " still "
                + status
                + " after "
                + allowed
                + " ("
                + count
                + " of about "
                + expected
                + " objects); canceled";
        LOG.warn("{}", message);
        throw new BulkOperationException(BulkOperationException.Kind.TIMED_OUT, id, message);
      }
      pause(interval, deadline);
      interval = longer(interval);
    }
  }

  private BulkResult finished(String id, String status, JsonNode operation) {
    String errorCode = operation.path("errorCode").asText(null);
    if (!status.equals("COMPLETED")) {
      LOG.warn(
          "shopify {}: bulk operation {} ended {} (errorCode {})",
          client.settings().shop(),
          id,
          status,
          errorCode);
    }
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
    return new BulkResult(id, status, errorCode, lines);
  }

  /** Best effort: frees the slot of an operation we no longer wait for. */
  private void cancel(String id) {
    try {
      client.execute(
          "bulkOperationCancel",
          GraphqlDocuments.get("bulk-operation-cancel"),
          Map.of("id", id),
          10);
    } catch (ShopifyException e) {
      LOG.warn("shopify {}: cancel of {} failed: {}", client.settings().shop(), id, e.getMessage());
    }
  }

  private static String describe(JsonNode errors) {
    List<String> parts = new ArrayList<>();
    for (JsonNode error : errors) {
      String code = error.path("code").asText("");
      parts.add((code.isEmpty() ? "" : code + ": ") + error.path("message").asText());
    }
    return String.join("; ", parts);
  }

  private static Duration longer(Duration interval) {
    Duration doubled = interval.multipliedBy(2);
    return doubled.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : doubled;
  }

  /** Sleeps {@code wait}, but not past {@code until} (and at least a millisecond). */
  private void pause(Duration wait, Instant until) {
    Duration left = Duration.between(clock.instant(), until);
    Duration sleep = left.compareTo(wait) < 0 ? left : wait;
    try {
      sleeper.sleep(sleep.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShopifyRetryLaterException(
          "interrupted while waiting on a bulk operation", wait, e);
    }
  }
}
