package io.stockbridge.simulator.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A shop's bulk operations: queries flattened to JSONL (one line per node, nested nodes carry
 * {@code __parentId}) and mutations run once per line of a staged JSONL upload. Not subject to cost
 * limits; at most {@link BulkFaults#maxRunning()} (default {@link #MAX_RUNNING}) of each type run
 * at once; {@link BulkFaults} makes starts fail, runs fail or runs slow. Thread-safe.
 */
final class BulkOperations {
  static final int MAX_RUNNING = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  static final class Operation {
    final String id;
    final String type;
    final String query;
    final Instant createdAt;
    volatile String status = "CREATED";
    volatile Instant completedAt;
    volatile String url;
    volatile String errorCode;
    final AtomicLong objectCount = new AtomicLong();
    final AtomicLong rootObjectCount = new AtomicLong();
    volatile long fileSize;
    volatile boolean cancelRequested;
    volatile String failWith;

    Operation(String id, String type, String query, Instant createdAt) {
      this.id = id;
      this.type = type;
      this.query = query;
      this.createdAt = createdAt;
    }
  }

  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private final ExecutorService executor;
  private final FileStore files;
  private final Clock clock;
  private final Supplier<String> baseUrl;
  private long nextId = 1;
  private BulkFaults faults = BulkFaults.NONE;
  private final Map<String, Long> peakRunning = new LinkedHashMap<>();

  /** What a start request got: an operation, or a user error code and message (or neither). */
  record Started(Operation operation, String errorCode, String message) {}

  BulkOperations(ExecutorService executor, FileStore files, Clock clock, Supplier<String> baseUrl) {
    this.executor = executor;
    this.files = files;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  synchronized void setFaults(BulkFaults newFaults) {
    faults = newFaults;
  }

  synchronized BulkFaults faults() {
    return faults;
  }

  /**
   * Starts an operation, or refuses: {@code LIMIT_REACHED} when {@link BulkFaults#maxRunning()} of
   * that type already run, or as the faults say.
   */
  synchronized Started start(SimulatedShop shop, String type, String query, String stagedPath) {
    if (faults.refuseStarts() > 0) {
      faults = faults.withRefusedStarts(faults.refuseStarts() - 1, faults.refuseCode());
      return new Started(
          null, faults.refuseCode(), "The bulk operation could not be started (simulated).");
    }
    if (faults.silentStarts() > 0) {
      faults = faults.withSilentStarts(faults.silentStarts() - 1);
      return new Started(null, null, null);
    }
    long running =
        operations.values().stream()
            .filter(op -> op.type.equals(type))
            .filter(op -> !isFinal(op.status))
            .count();
    if (running >= faults.maxRunning()) {
      return new Started(
          null,
          "LIMIT_REACHED",
          "A bulk "
              + type.toLowerCase(Locale.ROOT)
              + " operation limit of "
              + faults.maxRunning()
              + " running at once is reached for this shop.");
    }
    Operation operation =
        new Operation(Gid.of("BulkOperation", nextId++), type, query, clock.instant());
    if (faults.failRunning() > 0) {
      operation.failWith = faults.failCode();
      faults = faults.withFailedRuns(faults.failRunning() - 1, faults.failCode());
    }
    long runMillis = faults.runMillis();
    operations.put(operation.id, operation);
    peakRunning.merge(type, running + 1, Math::max);
    executor.execute(() -> run(shop, operation, stagedPath, runMillis));
    return new Started(operation, null, null);
  }

  /** The most operations of {@code type} that ever ran at once. */
  synchronized long peakRunning(String type) {
    return peakRunning.getOrDefault(type, 0L);
  }

  static boolean isFinal(String status) {
    return switch (status) {
      case "COMPLETED", "FAILED", "CANCELED", "EXPIRED" -> true;
      default -> false;
    };
  }

  /** Operations newest first, filtered by status and type (null: any). */
  synchronized List<Operation> list(String status, String type) {
    List<Operation> found = new ArrayList<>();
    for (Operation operation : operations.values()) {
      if ((status == null || operation.status.equalsIgnoreCase(status))
          && (type == null || operation.type.equalsIgnoreCase(type))) {
        found.add(0, operation);
      }
    }
    return found;
  }

  /** Asks a running operation to stop; false when it is unknown or already over. */
  synchronized boolean cancel(String id) {
    Operation operation = operations.get(id);
    if (operation == null || isFinal(operation.status)) {
      return false;
    }
    operation.cancelRequested = true;
    operation.status = "CANCELING";
    synchronized (gate) {
      gate.notifyAll();
    }
    return true;
  }

  String baseUrl() {
    return baseUrl.get();
  }

  synchronized Operation byId(String id) {
    return operations.get(id);
  }

  /** The most recent operation of {@code type}, or null. */
  synchronized Operation current(String type) {
    Operation latest = null;
    for (Operation operation : operations.values()) {
      if (operation.type.equals(type)) {
        latest = operation;
      }
    }
    return latest;
  }

  private final Object gate = new Object();
  private boolean held;

  /** While held, started operations stay RUNNING without progress (to test the concurrency cap). */
  void hold(boolean hold) {
    synchronized (gate) {
      held = hold;
      gate.notifyAll();
    }
  }

  private void awaitRelease(Operation operation) throws InterruptedException {
    synchronized (gate) {
      while (held && !operation.cancelRequested) {
        gate.wait();
      }
    }
  }

  /**
   * Waits out the rest of {@code runMillis} with the object count growing towards {@code total}.
   */
  private void slowly(Operation operation, long runMillis, long total) throws InterruptedException {
    long started = System.nanoTime();
    long elapsed;
    while (!operation.cancelRequested
        && (elapsed = (System.nanoTime() - started) / 1_000_000) < runMillis) {
      operation.objectCount.set(total * elapsed / runMillis);
      synchronized (gate) {
        gate.wait(Math.max(1, Math.min(50, runMillis - elapsed)));
      }
    }
    operation.objectCount.set(total);
  }

  private void run(SimulatedShop shop, Operation operation, String stagedPath, long runMillis) {
    if (!operation.cancelRequested) {
      operation.status = "RUNNING";
    }
    try {
      awaitRelease(operation);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      operation.status = "CANCELED";
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (operation.cancelRequested) {
        throw new CancellationException();
      }
      if (operation.type.equals("QUERY")) {
        ExecutionResult result =
            GraphqlRunner.run(shop, clock, operation.query, Map.of(), null, true);
        if (!result.getErrors().isEmpty()) {
          throw new IOException(result.getErrors().get(0).getMessage());
        }
        Map<String, Object> data = result.getData();
        for (Object root : data.values()) {
          for (Map<String, Object> node : nodes(root)) {
            operation.rootObjectCount.incrementAndGet();
            flatten(node, null, out, operation);
          }
        }
      } else {
        byte[] staged = files.staged(stagedPath);
        String[] lines = new String(staged, StandardCharsets.UTF_8).split("\n");
        int lineNumber = 0;
        for (String line : lines) {
          if (!line.isBlank()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = JSON.readValue(line, Map.class);
            ExecutionResult result =
                GraphqlRunner.run(shop, clock, operation.query, variables, null, true);
            Map<String, Object> entry = new LinkedHashMap<>(result.toSpecification());
            entry.put("__lineNumber", lineNumber);
            write(out, entry);
            operation.objectCount.incrementAndGet();
            operation.rootObjectCount.incrementAndGet();
          }
          lineNumber++;
        }
      }
      if (runMillis > 0) {
        long total = operation.objectCount.get();
        slowly(operation, runMillis, total);
      }
      if (operation.cancelRequested) {
        throw new CancellationException();
      }
      if (operation.failWith != null) {
        throw new IOException("simulated failure " + operation.failWith);
      }
      String name =
          operation.id.substring(operation.id.lastIndexOf('/') + 1) + "-" + shop.name() + ".jsonl";
      files.putResult(name, out.toByteArray());
      operation.fileSize = out.size();
      operation.url = out.size() == 0 ? null : baseUrl.get() + "/_files/" + name;
      operation.status = "COMPLETED";
    } catch (CancellationException e) {
      operation.status = "CANCELED";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      operation.status = "CANCELED";
    } catch (IOException | RuntimeException e) {
      operation.errorCode =
          operation.failWith != null ? operation.failWith : "INTERNAL_SERVER_ERROR";
      operation.status = "FAILED";
    }
    operation.completedAt = clock.instant();
    shop.sendWebhooks(
        List.of(
            new Webhooks.Event(
                "bulk_operations/finish", finishPayload(operation), operation.completedAt)));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> nodes(Object connection) {
    List<Map<String, Object>> nodes = new ArrayList<>();
    if (connection instanceof Map<?, ?> map) {
      if (map.get("nodes") instanceof List<?> list) {
        list.forEach(node -> nodes.add((Map<String, Object>) node));
      } else if (map.get("edges") instanceof List<?> edges) {
        edges.forEach(edge -> nodes.add((Map<String, Object>) ((Map<?, ?>) edge).get("node")));
      }
    }
    return nodes;
  }

  private void flatten(
      Map<String, Object> node, Object parentId, ByteArrayOutputStream out, Operation operation)
      throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    List<Object> children = new ArrayList<>();
    node.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> map
              && (map.containsKey("edges") || map.containsKey("nodes"))) {
            children.add(value);
          } else {
            line.put(key, value);
          }
        });
    if (parentId != null) {
      line.put("__parentId", parentId);
    }
    write(out, line);
    operation.objectCount.incrementAndGet();
    for (Object child : children) {
      for (Map<String, Object> childNode : nodes(child)) {
        flatten(childNode, node.get("id"), out, operation);
      }
    }
  }

  private static void write(ByteArrayOutputStream out, Map<String, Object> line)
      throws IOException {
    out.write(JSON.writeValueAsBytes(line));
    out.write('\n');
  }

  static Map<String, Object> view(Operation operation) {
    Map<String, Object> view = Views.object("BulkOperation", operation.id);
    view.put("status", operation.status);
    view.put("type", operation.type);
    view.put("query", operation.query);
    view.put("createdAt", operation.createdAt.toString());
    view.put(
        "completedAt", operation.completedAt == null ? null : operation.completedAt.toString());
    view.put("url", operation.url);
    view.put("partialDataUrl", null);
    view.put("errorCode", operation.errorCode);
    view.put("objectCount", String.valueOf(operation.objectCount.get()));
    view.put("rootObjectCount", String.valueOf(operation.rootObjectCount.get()));
    view.put("fileSize", operation.url == null ? null : String.valueOf(operation.fileSize));
    return view;
  }

  private static Map<String, Object> finishPayload(Operation operation) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("admin_graphql_api_id", operation.id);
    payload.put("completed_at", operation.completedAt.toString());
    payload.put("created_at", operation.createdAt.toString());
    payload.put(
        "error_code",
        operation.errorCode == null ? null : operation.errorCode.toLowerCase(Locale.ROOT));
    payload.put("status", operation.status.toLowerCase(Locale.ROOT));
    payload.put("type", operation.type.toLowerCase(Locale.ROOT));
    return payload;
  }
}
