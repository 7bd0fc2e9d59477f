package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.observe.Outbound;
import io.stockbridge.observe.Tracing;
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
 * Sends GraphQL documents to one store over one persistent {@link HttpClient}.
 *
 * <p>Costs: Shopify's {@code requestedQueryCost} and {@code actualQueryCost} in each answer (also a
 * THROTTLED one) are learned per document and estimate ({@link LearnedCosts}) and replace the
 * caller's estimate for later calls: before each send the client waits until the shared {@link
 * CostBudget} holds the cost Shopify will request, and every answer's {@code throttleStatus}
 * refreshes that budget. After THROTTLED it waits until the bucket, as Shopify reported it, holds
 * the requested cost (at least {@link #MIN_THROTTLE_WAIT}). {@code MAX_COST_EXCEEDED} throws {@link
 * ShopifyCostExceededException} (paged readers halve their page, see {@link PageSizes}).
 *
 * <p>Retries: THROTTLED, 429, 5xx, timeouts and malformed answers are waited out and retried with
 * the very same body (so an {@code @idempotent} key is reused); after {@link
 * ShopifySettings#maxAttempts()} attempts it throws {@link ShopifyRetryLaterException} with a delay
 * of at least {@link #MIN_RETRY_LATER}. GraphQL errors and other 4xx throw {@link
 * ShopifyRequestException}. Thread-safe.
 */
public final class ShopifyClient {
  /** The shortest wait after a THROTTLED answer, so a retry is never a zero-length loop. */
  static final Duration MIN_THROTTLE_WAIT = Duration.ofMillis(250);

  /** The shortest delay a retry-later asks for. */
  static final Duration MIN_RETRY_LATER = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ShopifyClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ShopifySettings settings;
  private final HttpClient http;
  private final CostBudget budget;
  private final Sleeper sleeper;
  private final ClientStats stats = new ClientStats();
  private final LearnedCosts costs = new LearnedCosts();
  private final PageSizes pageSizes = new PageSizes(costs);
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

  /** Page sizes that fit Shopify's single-query maximum, learned per document. */
  PageSizes pageSizes() {
    return pageSizes;
  }

  /** The cost the client will reserve for {@code document} estimated at {@code estimatedCost}. */
  int expectedCost(String document, int estimatedCost) {
    return costs.requested(document, estimatedCost);
  }

  /**
   * Runs {@code document} with {@code variables}; {@code estimatedCost} is the requested cost the
   * caller computed (Shopify's documented formula). Until Shopify has answered this document with
   * this estimate, the budget must hold the estimate (scaled by what other documents really cost);
   * afterwards, Shopify's own requested cost.
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
      int reserved = costs.requested(document, estimatedCost);
      Duration budgetWait = budget.reserve(reserved);
      if (!budgetWait.isZero()) {
        stats.budgetWaitMillis.addAndGet(budgetWait.toMillis());
        pause(budgetWait);
      }
      Attempt outcome = send(body, new Cost(operation, document, estimatedCost, reserved));
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
    Duration later = wait.compareTo(MIN_RETRY_LATER) < 0 ? MIN_RETRY_LATER : wait;
    stats.gaveUp.incrementAndGet();
    log.warn(
        "shopify {} {}: {} attempts failed, retry in {} ms; last: {}",
        settings.shop(),
        operation,
        settings.maxAttempts(),
        later.toMillis(),
        failure);
    throw new ShopifyRetryLaterException(
        "Shopify "
            + settings.shop()
            + " "
            + operation
            + " failed "
            + settings.maxAttempts()
            + " times; last: "
            + failure,
        later,
        null);
  }

  private record Attempt(GraphqlResponse response, String failure, Duration retryAfter) {}

  /** One attempt's cost: the document, the caller's estimate and what the budget reserved. */
  private record Cost(String operation, String document, int estimate, int reserved) {}

  /** One call, traced (a client span; {@code traceparent} sent) where its work is traced. */
  private Attempt send(byte[] body, Cost cost) {
    try (Outbound call =
        Tracing.outbound("shopify", cost.operation(), "POST", settings.graphqlUri())) {
      return send(body, cost, call);
    }
  }

  private Attempt send(byte[] body, Cost cost, Outbound call) {
    int reserved = cost.reserved();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(settings.graphqlUri())
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("X-Shopify-Access-Token", settings.accessToken().reveal())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    call.headers().forEach(builder::header);
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    stats.calls.incrementAndGet();
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      call.failed(e);
      stats.timeouts.incrementAndGet();
      budget.abandon(reserved);
      return new Attempt(null, "timeout after " + settings.requestTimeout(), null);
    } catch (IOException e) {
      call.failed(e);
      budget.release(reserved);
      stats.serverErrors.incrementAndGet();
      return new Attempt(null, "I/O error: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      budget.release(reserved);
      Thread.currentThread().interrupt();
      throw new ShopifyRetryLaterException("interrupted while calling Shopify", MIN_RETRY_LATER, e);
    }
    int status = response.statusCode();
    call.status(status);
    log.debug("shopify {} answered HTTP {}", cost.operation(), status);
    if (status == 429) {
      JsonNode throttled = json(response.body());
      if (throttled != null && throttled.path("extensions").has("cost")) {
        // A THROTTLED answer sent as 429: its throttleStatus tells the budget how long to wait.
        return answer(throttled, cost);
      }
      budget.release(reserved);
      return new Attempt(null, "HTTP 429", retryAfter(response));
    }
    if (status >= 500) {
      budget.release(reserved);
      stats.serverErrors.incrementAndGet();
      return new Attempt(null, "HTTP " + status, null);
    }
    if (status >= 400) {
      budget.release(reserved);
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
      budget.abandon(reserved);
      stats.malformed.incrementAndGet();
      return new Attempt(null, "malformed answer: " + preview(response.body()), null);
    }
    return answer(json, cost);
  }

  private Attempt answer(JsonNode json, Cost cost) {
    JsonNode figures = json.path("extensions").path("cost");
    JsonNode throttle = figures.path("throttleStatus");
    JsonNode errors = json.path("errors");
    JsonNode firstError = errors.path(0).path("extensions");
    String code = firstError.path("code").asText("");
    int requested = requestedCost(figures, firstError, cost.reserved());
    JsonNode actualNode = figures.path("actualQueryCost");
    Integer actual = actualNode.isNumber() ? actualNode.asInt() : null;
    if (figures.path("requestedQueryCost").isNumber() || code.equals("MAX_COST_EXCEEDED")) {
      if (costs.observe(cost.document(), cost.estimate(), requested, actual)) {
        log.info(
            "shopify {} {}: Shopify requests {} points where {} were estimated; later calls"
                + " reserve Shopify's figure",
            settings.shop(),
            cost.operation(),
            requested,
            cost.estimate());
      }
    }
    if (throttle.isObject()
        && throttle.path("maximumAvailable").asDouble() > 0
        && throttle.path("restoreRate").asDouble() > 0) {
      budget.settle(
          cost.reserved(),
          throttle.path("maximumAvailable").asDouble(),
          throttle.path("currentlyAvailable").asDouble(),
          throttle.path("restoreRate").asDouble());
    } else {
      budget.abandon(cost.reserved());
    }
    if (code.equals("THROTTLED")) {
      stats.throttled.incrementAndGet();
      Duration wait = throttleWait(requested, throttle);
      return new Attempt(
          null,
          "THROTTLED (requested "
              + requested
              + ", available "
              + throttle.path("currentlyAvailable").asText("?")
              + ")",
          wait);
    }
    if (code.equals("MAX_COST_EXCEEDED")) {
      stats.costExceeded.incrementAndGet();
      int max = firstError.path("maxCost").asInt(PageSizes.MAX_QUERY_COST);
      log.warn(
          "shopify {} {}: refused as too costly ({} requested, at most {}), estimated {}",
          settings.shop(),
          cost.operation(),
          requested,
          max,
          cost.estimate());
      throw new ShopifyCostExceededException(
          "Shopify "
              + settings.shop()
              + " refused "
              + cost.operation()
              + ": requested cost "
              + requested
              + " is over the single-query maximum "
              + max,
          requested,
          max);
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
    int spent = actual == null ? requested : actual;
    stats.costSpent.addAndGet(spent);
    stats.costRequested.addAndGet(requested);
    return new Attempt(
        new GraphqlResponse(
            json.get("data"), errors.isArray() ? errors : JSON.createArrayNode(), requested, spent),
        null,
        null);
  }

  /** Shopify's requested cost: in {@code extensions.cost}, else in a MAX_COST_EXCEEDED error. */
  private static int requestedCost(JsonNode figures, JsonNode error, int fallback) {
    if (figures.path("requestedQueryCost").isNumber()) {
      return figures.path("requestedQueryCost").asInt();
    }
    if (error.path("cost").isNumber()) {
      return error.path("cost").asInt();
    }
    return fallback;
  }

  /**
   * How long until the bucket, as Shopify reported it in a THROTTLED answer, holds the requested
   * cost; at least {@link #MIN_THROTTLE_WAIT} (also when the answer lacks the figures).
   */
  static Duration throttleWait(int requested, JsonNode throttle) {
    double available = throttle.path("currentlyAvailable").asDouble(0);
    double rate = throttle.path("restoreRate").asDouble(0);
    long millis = rate > 0 ? (long) Math.ceil(Math.max(0, requested - available) * 1000 / rate) : 0;
    return Duration.ofMillis(Math.max(MIN_THROTTLE_WAIT.toMillis(), millis));
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
          "interrupted while waiting for Shopify's budget",
          duration.compareTo(MIN_RETRY_LATER) < 0 ? MIN_RETRY_LATER : duration,
          e);
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
