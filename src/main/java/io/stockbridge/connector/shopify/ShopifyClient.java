package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.time.Sleeper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends GraphQL documents to one store over one persistent {@link HttpClient}. Before each send it
 * waits until the shared {@link CostBudget} holds the request's estimated cost; every answer's
 * {@code throttleStatus} refreshes that budget. THROTTLED, 429, 5xx, timeouts and malformed answers
 * are waited out and retried with the very same body (so an {@code @idempotent} key is reused);
 * after {@link ShopifySettings#maxAttempts()} it throws {@link ShopifyRetryLaterException}. GraphQL
 * errors and other 4xx throw {@link ShopifyRequestException}. Thread-safe.
 */
public final class ShopifyClient {
  private static final Logger log = LoggerFactory.getLogger(ShopifyClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ShopifySettings settings;
  private final HttpClient http;
  private final CostBudget budget;
  private final Sleeper sleeper;
  private final ClientStats stats = new ClientStats();
  private final FileTransfer files;

  public ShopifyClient(
      ShopifySettings settings, BudgetStateStore budgets, Clock clock, Sleeper sleeper) {
    this.settings = settings;
    this.budget = new CostBudget(budgets, settings.budgetName(), clock);
    this.sleeper = sleeper;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    this.files = new FileTransfer(http, settings, sleeper);
  }

  public ShopifySettings settings() {
    return settings;
  }

  public ClientStats stats() {
    return stats;
  }

  /**
   * Runs {@code document} with {@code variables}; {@code estimatedCost} is the requested cost the
   * caller computed (Shopify's formula) and is what the budget must hold before sending.
   */
  public GraphqlResponse execute(
      String operation, String document, Map<String, Object> variables, int estimatedCost) {
    byte[] body = body(document, variables);
    String failure = "no attempt";
    Duration wait = Duration.ZERO;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1) {
        stats.retries.incrementAndGet();
        pause(wait);
      }
      Duration budgetWait = budget.reserve(estimatedCost);
      if (!budgetWait.isZero()) {
        stats.budgetWaitMillis.addAndGet(budgetWait.toMillis());
        pause(budgetWait);
      }
      Attempt outcome = send(body, estimatedCost);
      if (outcome.response() != null) {
        return outcome.response();
      }
      failure = outcome.failure();
      wait =
          outcome.retryAfter() != null
              ? outcome.retryAfter()
              : settings.backoff().delayAfter(attempt);
      log.debug(
          "shopify {} {} attempt {} failed: {}", settings.shop(), operation, attempt, failure);
    }
    throw new ShopifyRetryLaterException(
        "Shopify "
            + settings.shop()
            + " "
            + operation
            + " failed "
            + settings.maxAttempts()
            + " times; last: "
            + failure,
        wait,
        null);
  }

  private record Attempt(GraphqlResponse response, String failure, Duration retryAfter) {}

  private Attempt send(byte[] body, int estimatedCost) {
    HttpRequest request =
        HttpRequest.newBuilder(settings.graphqlUri())
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("X-Shopify-Access-Token", settings.accessToken().reveal())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response;
    stats.calls.incrementAndGet();
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      stats.timeouts.incrementAndGet();
      budget.abandon(estimatedCost);
      return new Attempt(null, "timeout after " + settings.requestTimeout(), null);
    } catch (IOException e) {
      budget.release(estimatedCost);
      stats.serverErrors.incrementAndGet();
      return new Attempt(null, "I/O error: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShopifyRetryLaterException("interrupted while calling Shopify", Duration.ZERO, e);
    }
    int status = response.statusCode();
    if (status == 429) {
      JsonNode throttled = json(response.body());
      if (throttled != null && throttled.path("extensions").has("cost")) {
        // A THROTTLED answer sent as 429: its throttleStatus tells the budget how long to wait.
        return answer(throttled, estimatedCost);
      }
      budget.release(estimatedCost);
      return new Attempt(null, "HTTP 429", retryAfter(response));
    }
    if (status >= 500) {
      budget.release(estimatedCost);
      stats.serverErrors.incrementAndGet();
      return new Attempt(null, "HTTP " + status, null);
    }
    if (status >= 400) {
      budget.release(estimatedCost);
    }
    if (status == 401 || status == 403) {
      throw new ShopifyRequestException(
          "Shopify " + settings.shop() + " refused the access token (HTTP " + status + ")", status);
    }
    if (status >= 400) {
      throw new ShopifyRequestException(
          "Shopify "
              + settings.shop()
              + " answered HTTP "
              + status
              + ": "
              + preview(response.body()),
          status);
    }
    JsonNode json = json(response.body());
    if (json == null) {
      budget.abandon(estimatedCost);
      stats.malformed.incrementAndGet();
      return new Attempt(null, "malformed answer: " + preview(response.body()), null);
    }
    return answer(json, estimatedCost);
  }

  private Attempt answer(JsonNode json, int estimatedCost) {
    JsonNode cost = json.path("extensions").path("cost");
    JsonNode throttle = cost.path("throttleStatus");
    int requested = cost.path("requestedQueryCost").asInt(estimatedCost);
    int actual = cost.path("actualQueryCost").asInt(requested);
    if (throttle.isObject()) {
      budget.settle(
          estimatedCost,
          throttle.path("maximumAvailable").asDouble(),
          throttle.path("currentlyAvailable").asDouble(),
          throttle.path("restoreRate").asDouble());
    } else {
      budget.abandon(estimatedCost);
    }
    JsonNode errors = json.path("errors");
    String code = errors.path(0).path("extensions").path("code").asText("");
    if (code.equals("THROTTLED")) {
      // The budget now holds Shopify's figures, so the next reservation waits exactly as long as
      // the bucket needs to refill: no extra pause here.
      stats.throttled.incrementAndGet();
      return new Attempt(null, "THROTTLED", Duration.ZERO);
    }
    if (code.equals("INTERNAL_SERVER_ERROR") || code.equals("SERVICE_UNAVAILABLE")) {
      stats.serverErrors.incrementAndGet();
      return new Attempt(null, "GraphQL " + code, null);
    }
    // A resolver-level error (say a missing @idempotent key) comes as {"data":{"field":null}}
    // plus errors: that is a refusal too, not an empty success.
    if (!json.hasNonNull("data") || (!errors.isEmpty() && allNull(json.get("data")))) {
      throw new ShopifyRequestException(
          "Shopify "
              + settings.shop()
              + " refused the query: "
              + errors.path(0).path("message").asText(errors.toString()),
          200);
    }
    stats.costSpent.addAndGet(actual);
    return new Attempt(
        new GraphqlResponse(
            json.get("data"),
            errors.isArray() ? errors : JSON.createArrayNode(),
            requested,
            actual),
        null,
        null);
  }

  /** GETs a result file (bulk JSONL), retrying like GraphQL calls; no access token is sent. */
  byte[] download(java.net.URI url) {
    return files.download(url);
  }

  /** POSTs a staged upload as a multipart form: {@code parameters} first, then the file. */
  void uploadForm(
      java.net.URI url, Map<String, String> parameters, String filename, byte[] content) {
    files.uploadForm(url, parameters, filename, content);
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    try {
      return response
          .headers()
          .firstValue("Retry-After")
          .map(v -> Duration.ofMillis((long) (Double.parseDouble(v) * 1000)))
          .orElse(Duration.ofSeconds(1));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShopifyRetryLaterException(
          "interrupted while waiting for Shopify's budget", duration, e);
    }
  }

  private static byte[] body(String document, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", document);
    body.put("variables", variables);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("variables are not JSON-serialisable", e);
    }
  }

  private static boolean allNull(JsonNode data) {
    for (JsonNode value : data) {
      if (!value.isNull()) {
        return false;
      }
    }
    return true;
  }

  /** The body as a JSON object, or null when it is not one (malformed, truncated, HTML). */
  private static JsonNode json(byte[] body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json != null && json.isObject() ? json : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String preview(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
