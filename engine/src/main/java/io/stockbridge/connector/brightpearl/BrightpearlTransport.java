package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.observe.Outbound;
import io.stockbridge.observe.Tracing;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.time.Backoff;
import io.stockbridge.time.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical request to the account with budget, retries and error classification: waits for
 * budget before sending; 503 and 429 wait (per the headers or {@code Retry-After}) and retry up to
 * {@code maxThrottledAnswers}; 5xx, timeouts, connection errors and malformed bodies retry with
 * backoff up to {@code maxAttempts} (reads only; a write is not repeated when its fate is unknown);
 * other 4xx are not retried. One persistent {@link HttpClient}. Thread-safe.
 */
final class BrightpearlTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrightpearlTransport.class);
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String REMAINING_HEADER = "brightpearl-requests-remaining";
  static final String NEXT_PERIOD_HEADER = "brightpearl-next-throttle-period";

  private final BrightpearlSettings settings;
  private final AccountBudget budget;
  private final BrightpearlCalls calls;
  private final InstantSource clock;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private final Sleeper sleeper;
  private final HttpClient http;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong throttledAnswers = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  BrightpearlTransport(
      BrightpearlSettings settings, BudgetStateStore store, InstantSource clock, Sleeper sleeper) {
    this.settings = settings;
    this.budget =
        new AccountBudget(
            store,
            settings.accountCode(),
            settings.requestsPerMinute(),
            clock,
            settings.requestTimeout().toMillis() + 5_000);
    this.calls = new BrightpearlCalls(store, settings.accountCode(), clock);
    this.clock = clock;
    this.sleeper = sleeper;
    // Over plain http (simulators, proxies) HTTP/2 would mean an h2c upgrade attempt per
    // connection; https negotiates HTTP/2 through ALPN as usual.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .version(
                "http".equalsIgnoreCase(settings.baseUrl().getScheme())
                    ? HttpClient.Version.HTTP_1_1
                    : HttpClient.Version.HTTP_2)
            .build();
  }

  long requestsSent() {
    return sent.get();
  }

  long throttledAnswers() {
    return throttledAnswers.get();
  }

  long retries() {
    return retries.get();
  }

  long failures() {
    return failures.get();
  }

  /**
   * Runs {@code method path} (path relative to the account URL, e.g. {@code
   * /warehouse-service/warehouse/}) and returns the {@code response} node; empty when a read
   * answered 404 (nothing found).
   */
  Optional<JsonNode> execute(String method, String path, String body) {
    boolean read = method.equals("GET") || method.equals("OPTIONS");
    String what = method + " " + settings.accountCode() + path;
    BrightpearlCalls.Purpose purpose = BrightpearlCalls.Purpose.of(path);
    int failures = 0;
    int throttled = 0;
    while (true) {
      long reservation = waitForBudget(what);
      HttpResponse<String> answer;
      URI uri = URI.create(settings.accountUrl() + path);
      // A client span per attempt where the work is traced; traceparent goes with the request.
      try (Outbound call = Tracing.outbound("brightpearl", method, method, uri)) {
        try {
          sent.incrementAndGet();
          answer =
              http.send(
                  request(method, uri, body, call.headers()), HttpResponse.BodyHandlers.ofString());
          call.status(answer.statusCode());
          LOG.debug("{} answered HTTP {}", what, answer.statusCode());
        } catch (IOException e) {
          call.failed(e);
          budget.answered(reservation, null, null);
          failures =
              failed(what, read, failures, "no answer (" + e.getClass().getSimpleName() + ")", e);
          continue;
        } catch (InterruptedException e) {
          call.failed(e);
          budget.answered(reservation, null, null);
          Thread.currentThread().interrupt();
          throw new BrightpearlUnavailableException("interrupted during " + what, null, e);
        }
      }
      Optional<Long> remaining = longHeader(answer, REMAINING_HEADER);
      Optional<Long> nextPeriod = longHeader(answer, NEXT_PERIOD_HEADER);
      budget.answered(
          reservation, remaining.map(Long::intValue).orElse(null), nextPeriod.orElse(null));
      calls.record(purpose); // after the budget: waiters wake on the answer's figures first
      int status = answer.statusCode();
      if (status == 503 || status == 429) {
        Duration wait =
            longHeader(answer, "Retry-After")
                .map(Duration::ofSeconds)
                .or(() -> nextPeriod.map(Duration::ofMillis))
                .orElse(backoff(throttled));
        budget.throttled(wait);
        throttledAnswers.incrementAndGet();
        throttled++;
        if (throttled > settings.maxThrottledAnswers()) {
          throw new BrightpearlThrottledException(
              what + " throttled " + throttled + " times in a row (HTTP " + status + ")", wait);
        }
        LOG.info("{} throttled (HTTP {}), waiting {} ms", what, status, wait.toMillis());
        continue;
      }
      if (status == 404 && read) {
        return Optional.empty();
      }
      if (status >= 500) {
        failures = failed(what, read, failures, "HTTP " + status, null);
        continue;
      }
      if (status >= 400) {
        List<BrightpearlRequestException.ApiError> errors = errors(answer.body());
        throw new BrightpearlRequestException(
            what + " refused with HTTP " + status + ": " + errors, status, errors);
      }
      JsonNode response = responseNode(answer.body());
      if (response == null) {
        failures = failed(what, read, failures, "malformed body (HTTP " + status + ")", null);
        continue;
      }
      return Optional.of(response);
    }
  }

  /**
   * Waits for a reservation; returns its number. While requests are open (their answers will
   * replace the budget's figures, often with budget to spare), a waiter rechecks when this node
   * records such an answer, and at least every {@link #OPEN_RECHECK} for other nodes' answers.
   */
  private long waitForBudget(String what) {
    long waitedMs = 0;
    while (true) {
      AccountBudget.Reservation reservation = budget.reserve();
      Duration wait = reservation.delay();
      if (wait.isZero()) {
        return reservation.seq();
      }
      if (waitedMs + wait.toMillis() > settings.maxBudgetWait().toMillis()) {
        throw new BrightpearlThrottledException(
            what + ": account budget exhausted for longer than " + settings.maxBudgetWait(), wait);
      }
      if (reservation.answersPending() && wait.compareTo(OPEN_RECHECK) > 0) {
        wait = OPEN_RECHECK;
      }
      long before = clock.millis();
      if (sleeper == Sleeper.SYSTEM) {
        try {
          budget.awaitAnswer(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BrightpearlUnavailableException(
              "interrupted while waiting for " + what, wait, e);
        }
        waitedMs += Math.max(1, clock.millis() - before);
      } else {
        pause(wait, what);
        waitedMs += wait.toMillis();
      }
    }
  }

  /** The longest a waiter sleeps between checks while requests are open. */
  static final Duration OPEN_RECHECK = Duration.ofMillis(AccountBudget.PROBE_HOLD_MS);

  /** Counts a failure; throws when attempts are spent or a write's fate is unknown. */
  private int failed(String what, boolean read, int failures, String reason, Throwable cause) {
    int count = failures + 1;
    Duration wait = backoff(failures);
    if (!read || count >= settings.maxAttempts()) {
      this.failures.incrementAndGet();
      throw new BrightpearlUnavailableException(
          what + " failed " + count + " time(s), last: " + reason, wait, cause);
    }
    LOG.warn(
        "{} failed ({}), retry {} of {} in {} ms",
        what,
        reason,
        count,
        settings.maxAttempts() - 1,
        wait.toMillis());
    retries.incrementAndGet();
    pause(wait, what);
    return count;
  }

  /** After {@code failures} failures so far (0 for the first): doubling, up to 10 s, jittered. */
  private Duration backoff(int failures) {
    Duration base = settings.retryBackoff();
    return new Backoff(base, MAX_BACKOFF.compareTo(base) < 0 ? base : MAX_BACKOFF)
        .delayAfter(failures + 1);
  }

  private void pause(Duration wait, String what) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrightpearlUnavailableException("interrupted while waiting for " + what, wait, e);
    }
  }

  private HttpRequest request(
      String method, URI uri, String body, java.util.Map<String, String> traceHeaders) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Accept", "application/json");
    traceHeaders.forEach(request::header);
    settings.auth().apply(request);
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return request.build();
  }

  private static Optional<Long> longHeader(HttpResponse<?> answer, String name) {
    try {
      return answer.headers().firstValue(name).map(String::strip).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static JsonNode responseNode(String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.has("response") ? node.get("response") : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<BrightpearlRequestException.ApiError> errors(String body) {
    List<BrightpearlRequestException.ApiError> errors = new ArrayList<>();
    try {
      for (JsonNode error : MAPPER.readTree(body).path("errors")) {
        errors.add(
            new BrightpearlRequestException.ApiError(
                error.path("code").asText(), error.path("message").asText()));
      }
    } catch (IOException e) {
      errors.add(new BrightpearlRequestException.ApiError("", "unreadable error body"));
    }
    return errors;
  }

  InstantSource clock() {
    return clock;
  }

  @Override
  public void close() {
    http.close();
  }
}
