package io.stockbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.event.EventStatus;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.http.Json;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad admin input over real HTTP, one row per bug: each answers its 4xx in the JSON error shape
 * with a reason naming the field, and nothing is replayed.
 */
class AdminStrictnessTest {
  @TempDir static Path dir;
  static NodeFixture fixture;
  static final List<Long> events = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = new NodeFixture(dir, "");
    for (int i = 1; i <= 3; i++) {
      long id =
          fixture
              .postBrightpearl(NodeFixture.brightpearlBody(String.valueOf(900 + i), "t" + i))
              .json()
              .path("eventId")
              .asLong();
      events.add(id);
      Eventually.await(
          "event " + id + " succeeded",
          Duration.ofSeconds(10),
          () ->
              fixture.node.storage().events().find(id).orElseThrow().status()
                  == EventStatus.SUCCEEDED);
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** One bad request: where it goes, and the status and reason it must get. */
  record Case(String bug, String method, String path, String body, String reason) {}

  static Case replay(String bug, String body, String reason) {
    return new Case(bug, "POST", "/api/replays", body, reason);
  }

  static Case search(String bug, String query, String reason) {
    return new Case(bug, "GET", "/api/events?" + query, null, reason);
  }

  static Case redrive(String bug, String body, String reason) {
    return new Case(bug, "POST", "/api/dead-letters/redrive", body, reason);
  }

  static Stream<Case> cases() {
    return Stream.of(
        replay(
            "a_misspelt_filter_field_is_refused_not_matching_every_event",
            "{\"filter\":{\"stauts\":\"succeeded\"},\"confirm\":3}",
            "filter: unknown field 'stauts'; did you mean 'status'?"),
        replay(
            "a_misspelt_filter_field_in_a_dry_run_is_refused_not_counting_every_event",
            "{\"filter\":{\"sorce\":\"brightpearl\"},\"dryRun\":true}",
            "did you mean 'source'?"),
        replay(
            "an_unknown_filter_field_is_refused_and_the_known_fields_are_listed",
            "{\"filter\":{\"colour\":\"red\"},\"confirm\":3}",
            "unknown field 'colour'; known fields: status, source, type, key"),
        replay(
            "a_filter_value_that_is_an_object_is_refused_not_matching_every_event",
            "{\"filter\":{\"status\":{\"in\":[\"dead\"]}},\"confirm\":3}",
            "filter.status: must be text, got an object"),
        replay(
            "a_filter_value_that_is_a_list_is_refused",
            "{\"filter\":{\"key\":[\"901\"]},\"confirm\":3}",
            "filter.key: must be text, got a list"),
        replay(
            "a_boolean_filter_value_is_refused",
            "{\"filter\":{\"source\":true},\"confirm\":3}",
            "filter.source: must be text, got a boolean"),
        replay(
            "a_null_filter_value_is_refused_not_dropped",
            "{\"filter\":{\"store\":null},\"confirm\":3}",
            "filter.store: must be text, got null"),
        replay(
            "a_fractional_batch_is_refused",
            "{\"filter\":{\"batch\":1.5},\"confirm\":3}",
            "filter.batch: must be a whole number or text"),
        replay(
            "a_replay_without_a_filter_is_refused_unless_all_is_sent",
            "{\"confirm\":3}",
            "name at least one field"),
        replay(
            "a_replay_with_an_empty_filter_is_refused_unless_all_is_sent",
            "{\"filter\":{},\"confirm\":3}",
            "or send \"all\": true"),
        replay(
            "a_replay_filtered_only_by_page_size_and_cursor_is_refused",
            "{\"filter\":{\"limit\":5,\"before\":999999},\"confirm\":3}",
            "name at least one field"),
        replay(
            "all_together_with_filter_fields_is_refused_as_ambiguous",
            "{\"all\":true,\"filter\":{\"source\":\"brightpearl\"},\"confirm\":3}",
            "all: true replays every event"),
        replay("all_as_text_is_refused", "{\"all\":\"true\",\"confirm\":3}", "all: must be true"),
        replay(
            "a_misspelt_body_field_is_refused_not_ignored",
            "{\"filtre\":{\"status\":\"succeeded\"},\"all\":true,\"confirm\":3}",
            "unknown field 'filtre'; did you mean 'filter'?"),
        replay(
            "a_dry_run_flag_as_text_is_refused_not_read_as_a_confirm",
            "{\"filter\":{\"source\":\"brightpearl\"},\"dryRun\":\"true\",\"confirm\":3}",
            "dryRun: must be true or false"),
        replay(
            "a_fractional_confirm_is_refused_not_rounded",
            "{\"filter\":{\"source\":\"brightpearl\"},\"confirm\":3.9}",
            "confirm: required"),
        replay(
            "a_twenty_digit_from_in_a_replay_filter_answers_400_not_500",
            "{\"filter\":{\"from\":\"12345678901234567890\"},\"confirm\":3}",
            "from: '12345678901234567890' is out of range"),
        replay(
            "a_twenty_digit_json_number_in_a_replay_filter_answers_400",
            "{\"filter\":{\"to\":12345678901234567890},\"confirm\":3}",
            "filter.to: 12345678901234567890 is out of range"),
        replay(
            "a_time_beyond_year_9999_answers_400_not_500",
            "{\"filter\":{\"from\":\"+999999999-12-31T23:59:59Z\"},\"confirm\":3}",
            "from: '+999999999-12-31T23:59:59Z' is out of range"),
        search(
            "a_twenty_digit_from_answers_400_not_500",
            "from=12345678901234567890",
            "from: '12345678901234567890' is out of range"),
        search("a_twenty_digit_to_answers_400_not_500", "to=99999999999999999999", "out of range"),
        search(
            "a_twenty_digit_before_answers_400_not_500",
            "before=12345678901234567890",
            "before: 12345678901234567890 is out of range"),
        search(
            "a_twenty_digit_limit_answers_400_not_500",
            "limit=12345678901234567890",
            "limit: 12345678901234567890 is out of range"),
        search(
            "a_signed_limit_is_refused_not_parsed", "limit=%2B5", "limit: must be a whole number"),
        search(
            "non_ascii_digits_are_not_read_as_a_number",
            "batch=%D9%A1%D9%A2",
            "batch: must be a whole number (digits 0-9)"),
        search(
            "non_ascii_digits_are_not_read_as_a_time",
            "from=%D9%A1%D9%A2",
            "from: must be an ISO-8601 time"),
        search(
            "a_nul_in_a_text_filter_answers_400_not_503_from_postgresql",
            "source=%00",
            "source: contains a NUL character"),
        replay(
            "trailing_content_after_an_admin_body_is_refused",
            "{\"filter\":{\"source\":\"brightpearl\"},\"confirm\":3}{\"all\":true}",
            "Trailing token"),
        replay(
            "an_unpaired_surrogate_in_a_replay_filter_is_refused",
            "{\"filter\":{\"key\":\"\\ud800\"},\"confirm\":3}",
            "field 'filter.key' contains an unpaired surrogate"),
        search(
            "a_misspelt_search_parameter_is_refused_not_listing_every_event",
            "stauts=dead",
            "unknown field 'stauts'; did you mean 'status'?"),
        search(
            "a_repeated_search_parameter_is_refused_not_using_the_first",
            "status=dead&status=succeeded",
            "status: given more than once"),
        new Case(
            "a_twenty_digit_event_id_answers_400_not_500",
            "GET",
            "/api/events/12345678901234567890",
            null,
            "event id: 12345678901234567890 is out of range"),
        new Case(
            "a_signed_event_id_to_replay_is_refused",
            "POST",
            "/api/events/+1/replay",
            "{}",
            "event id: must be a whole number"),
        redrive(
            "a_misspelt_redrive_field_is_refused_not_ignored",
            "{\"knd\":\"stock\",\"all\":true}",
            "unknown field 'knd'; did you mean 'kind'?"),
        redrive("a_non_text_redrive_kind_is_refused", "{\"kind\":5}", "kind: must be a flow kind"),
        redrive("a_redrive_all_as_text_is_refused", "{\"all\":\"yes\"}", "all: must be true"),
        redrive(
            "a_twenty_digit_dead_letter_id_answers_400",
            "{\"ids\":[12345678901234567890]}",
            "is not an id"),
        redrive("a_fractional_dead_letter_id_is_refused", "{\"ids\":[1.5]}", "is not an id"),
        redrive("a_redrive_without_ids_kind_or_all_is_refused", "{}", "say which dead letters"));
  }

  @TestFactory
  Stream<DynamicTest> bad_admin_input_is_refused_with_a_reason_and_replays_nothing() {
    return cases().map(c -> dynamicTest(c.bug(), () -> check(c)));
  }

  private static void check(Case c) {
    Map<String, String> headers = new HashMap<>(NodeFixture.operator());
    if (c.body() != null) {
      headers.put("Content-Type", "application/json");
    }
    byte[] body = c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8);
    TestHttp.Answer answer = fixture.http.send(c.method(), c.path(), headers, body);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
    assertThat(answer.json().path("error").asText()).isEqualTo("bad_request");
    assertThat(answer.message()).contains(c.reason());
    assertNothingReplayed();
  }

  @Test
  void a_filtered_replay_and_an_explicit_all_still_count_their_events() {
    TestHttp.Answer filtered =
        fixture.http.postJson(
            "/api/replays",
            NodeFixture.operator(),
            "{\"filter\":{\"key\":\"901\",\"from\":0},\"dryRun\":true}");
    assertThat(filtered.status()).as(filtered.raw()).isEqualTo(200);
    assertThat(filtered.json().path("matching").asLong()).isEqualTo(1);
    TestHttp.Answer all =
        fixture.http.postJson(
            "/api/replays", NodeFixture.operator(), "{\"all\":true,\"dryRun\":true}");
    assertThat(all.status()).as(all.raw()).isEqualTo(200);
    assertThat(all.json().path("matching").asLong()).isEqualTo(3);
    assertNothingReplayed();
  }

  private static void assertNothingReplayed() {
    for (long id : events) {
      List<HistoryEntry> history = fixture.node.storage().events().history(id);
      assertThat(history)
          .as("history of event " + id)
          .noneMatch(h -> h.detail() != null && h.detail().startsWith("replayed"));
    }
  }

  @Test
  void headers_over_the_limit_answer_431_in_the_json_error_shape() {
    String big = "x".repeat(64 * 1024);
    RawAnswer answer =
        raw("GET /api/events HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big + "\r\n\r\n");
    assertThat(answer.status()).as(answer.text()).isEqualTo(431);
    assertJsonError(answer, "header_too_large", "request headers are over the server's limit");
  }

  @Test
  void a_bad_path_encoding_answers_400_in_the_json_error_shape() {
    RawAnswer answer = raw("GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertJsonError(answer, "bad_request", "");
  }

  @Test
  void an_ambiguous_path_answers_400_in_the_json_error_shape() {
    RawAnswer answer =
        raw(
            "GET /api/%2e%2e;/health HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertJsonError(answer, "bad_request", "Ambiguous URI");
  }

  @Test
  void a_nul_in_the_path_answers_400_in_the_json_error_shape() {
    RawAnswer answer =
        raw("GET /api/events/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertJsonError(answer, "bad_request", "Bad Request");
  }

  @Test
  void an_unmatched_route_answers_404_in_the_json_error_shape() {
    TestHttp.Answer answer = fixture.http.get("/api/nothing-here", NodeFixture.viewer());
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().path("error").asText()).isEqualTo("not_found");
    assertThat(answer.message()).contains("no endpoint GET /api/nothing-here");
  }

  @Test
  void a_method_a_route_does_not_take_answers_json_not_html() {
    TestHttp.Answer answer = fixture.http.send("PATCH", "/api/events", NodeFixture.viewer(), null);
    assertThat(answer.status()).as(answer.raw()).isIn(404, 405);
    assertThat(answer.json().path("error").asText()).isIn("not_found", "method_not_allowed");
    assertThat(answer.message()).contains("/api/events");
  }

  private static void assertJsonError(RawAnswer answer, String code, String reason) {
    assertThat(answer.headers().toLowerCase(java.util.Locale.ROOT))
        .contains("content-type: application/json");
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.text(), e);
    }
    assertThat(body.path("error").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).isNotBlank().contains(reason);
  }

  record RawAnswer(int status, String headers, String body) {
    String text() {
      return headers + "\r\n\r\n" + body;
    }
  }

  /** Sends bytes the HTTP client would refuse to send, and reads the answer to the end. */
  private static RawAnswer raw(String request) {
    try (Socket socket = new Socket("127.0.0.1", fixture.node.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new RawAnswer(status, head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
