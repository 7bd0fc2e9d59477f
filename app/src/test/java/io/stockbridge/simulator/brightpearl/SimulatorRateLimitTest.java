package io.stockbridge.simulator.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorRateLimitTest {
  private final MutableClock clock = new MutableClock();
  private BrightpearlSimulator simulator;
  private SimHttp http;

  @BeforeEach
  void start() {
    simulator =
        BrightpearlSimulator.start(BrightpearlSimulatorOptions.builder().clock(clock).build());
    simulator.control().seed(CatalogGenerator.Spec.ofProducts(10));
    http = new SimHttp(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void every_answer_carries_requests_remaining_and_next_throttle_period() {
    SimHttp.Answer first = http.api("GET", "/warehouse-service/warehouse/");
    clock.advance(Duration.ofSeconds(10));
    SimHttp.Answer second = http.api("GET", "/product-service/product/999999");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("brightpearl-requests-remaining")).isEqualTo("199");
    assertThat(first.header("brightpearl-next-throttle-period")).isEqualTo("60000");
    assertThat(second.status()).isEqualTo(404);
    assertThat(second.header("brightpearl-requests-remaining")).isEqualTo("198");
    assertThat(second.header("brightpearl-next-throttle-period")).isEqualTo("50000");
  }

  @Test
  void answers_503_with_an_errors_body_once_200_requests_were_made_within_a_rolling_minute() {
    for (int i = 0; i < 200; i++) {
      assertThat(http.api("GET", "/warehouse-service/warehouse/").status()).isEqualTo(200);
    }
    SimHttp.Answer throttled = http.api("GET", "/warehouse-service/warehouse/");

    assertThat(throttled.status()).isEqualTo(503);
    assertThat(throttled.json().path("errors").get(0).path("message").asText()).isNotBlank();
    assertThat(throttled.json().path("errors").get(0).has("code")).isTrue();
    assertThat(throttled.header("brightpearl-requests-remaining")).isEqualTo("0");
    assertThat(throttled.header("brightpearl-next-throttle-period")).isEqualTo("60000");
    assertThat(simulator.counters().get(SimCounters.THROTTLED)).isEqualTo(1);
  }

  @Test
  void the_window_rolls_so_requests_older_than_a_minute_free_their_slots() {
    for (int i = 0; i < 100; i++) {
      http.api("GET", "/warehouse-service/warehouse/");
    }
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 100; i++) {
      http.api("GET", "/warehouse-service/warehouse/");
    }
    assertThat(http.api("GET", "/warehouse-service/warehouse/").status()).isEqualTo(503);

    clock.advance(Duration.ofSeconds(30));
    SimHttp.Answer afterFirstHalfExpired = http.api("GET", "/warehouse-service/warehouse/");

    assertThat(afterFirstHalfExpired.status()).isEqualTo(200);
    assertThat(afterFirstHalfExpired.header("brightpearl-requests-remaining")).isEqualTo("99");
    assertThat(afterFirstHalfExpired.header("brightpearl-next-throttle-period")).isEqualTo("30000");
  }

  @Test
  void in_429_mode_an_over_limit_request_gets_429_with_retry_after_in_seconds() {
    simulator.close();
    simulator =
        BrightpearlSimulator.start(
            BrightpearlSimulatorOptions.builder()
                .clock(clock)
                .requestsPerMinute(2)
                .throttleMode(BrightpearlSimulatorOptions.ThrottleMode.STATUS_429)
                .build());
    http = new SimHttp(simulator);
    http.api("GET", "/warehouse-service/warehouse/");
    clock.advance(Duration.ofMillis(15_500));
    http.api("GET", "/warehouse-service/warehouse/");

    SimHttp.Answer throttled = http.api("GET", "/warehouse-service/warehouse/");

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("45");
    assertThat(throttled.header("brightpearl-next-throttle-period")).isEqualTo("44500");
  }

  @Test
  void requests_without_valid_credentials_get_401_and_do_not_spend_budget() {
    SimHttp.Answer none = http.withHeaders("GET", "/warehouse-service/warehouse/");
    SimHttp.Answer wrongToken =
        http.withHeaders(
            "GET", "/warehouse-service/warehouse/",
            "brightpearl-app-ref", "stockbridge",
            "brightpearl-account-token", "wrong");
    SimHttp.Answer oauth =
        http.withHeaders(
            "GET", "/warehouse-service/warehouse/",
            "Authorization", "Bearer sim-oauth-token",
            "brightpearl-app-ref", "stockbridge",
            "brightpearl-dev-ref", "stockbridge-dev");
    SimHttp.Answer oauthWithoutDevRef =
        http.withHeaders(
            "GET", "/warehouse-service/warehouse/",
            "Authorization", "Bearer sim-oauth-token",
            "brightpearl-app-ref", "stockbridge");

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("errors").isArray()).isTrue();
    assertThat(wrongToken.status()).isEqualTo(401);
    assertThat(oauthWithoutDevRef.status()).isEqualTo(401);
    assertThat(oauth.status()).isEqualTo(200);
    assertThat(oauth.header("brightpearl-requests-remaining")).isEqualTo("199");
  }
}
