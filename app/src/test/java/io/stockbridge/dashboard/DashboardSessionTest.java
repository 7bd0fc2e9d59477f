package io.stockbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.auth.ApiKeys;
import io.stockbridge.auth.Role;
import io.stockbridge.testhelper.NodeFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboard sessions over real HTTP: the cookie's attributes, CSRF on every change, roles, logout,
 * and the page's own headers.
 */
class DashboardSessionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private NodeFixture fixture;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    fixture = new NodeFixture(dir, "");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private record Reply(int status, JsonNode json, HttpResponse<String> raw) {}

  private Reply send(String method, String path, String cookie, String csrf, String body)
      throws IOException, InterruptedException {
    return send(method, path, cookie, csrf, body, null);
  }

  private Reply send(
      String method, String path, String cookie, String csrf, String body, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.node.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = JSON.missingNode();
    }
    return new Reply(response.statusCode(), json, response);
  }

  /** Logs in; returns the cookie pair and the CSRF token. */
  private String[] login(String key) throws IOException, InterruptedException {
    Reply reply = send("POST", "/ui/login", null, null, "{\"key\":\"" + key + "\"}");
    assertThat(reply.status()).isEqualTo(200);
    String setCookie = reply.raw().headers().firstValue("Set-Cookie").orElseThrow();
    return new String[] {setCookie.split(";")[0], reply.json().path("csrfToken").asText()};
  }

  @Test
  void login_sets_an_http_only_same_site_strict_session_cookie_and_never_echoes_the_key()
      throws Exception {
    Reply reply =
        send("POST", "/ui/login", null, null, "{\"key\":\"" + NodeFixture.OPERATOR_KEY + "\"}");

    assertThat(reply.status()).isEqualTo(200);
    String cookie = reply.raw().headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("sb_session=")
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/")
        .doesNotContain(NodeFixture.OPERATOR_KEY);
    assertThat(reply.json().path("role").asText()).isEqualTo("operator");
    assertThat(reply.json().path("csrfToken").asText()).hasSizeGreaterThan(30);
    assertThat(reply.raw().body()).doesNotContain(NodeFixture.OPERATOR_KEY);
    Reply events = send("GET", "/api/events", cookie.split(";")[0], null, null);
    assertThat(events.status()).isEqualTo(200);
  }

  @Test
  void a_wrong_key_gets_401_and_no_cookie() throws Exception {
    Reply reply = send("POST", "/ui/login", null, null, "{\"key\":\"not-a-key\"}");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().path("error").asText()).isEqualTo("unauthorized");
    assertThat(reply.raw().headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void a_legacy_unsalted_key_signs_in_and_its_session_lasts_after_the_key_is_resealed()
      throws Exception {
    String legacy = "legacy-operator-key";
    fixture
        .node
        .storage()
        .accessKeys()
        .create("legacy", Role.OPERATOR, null, ApiKeys.hash(legacy), 0);

    String[] session = login(legacy);

    assertThat(fixture.node.storage().accessKeys().findByKeyHash(ApiKeys.hash(legacy))).isEmpty();
    assertThat(send("GET", "/api/events", session[0], null, null).status()).isEqualTo(200);
    Reply byHeader =
        send("POST", "/api/pauses", null, null, "{\"scope\":\"flow:x\"}", "Bearer " + legacy);
    assertThat(byHeader.status()).isEqualTo(201);
    Reply wrong = send("GET", "/api/events", null, null, null, "Bearer " + legacy + "x");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.raw().body()).doesNotContain(legacy);
  }

  @Test
  void a_change_by_session_needs_the_csrf_token() throws Exception {
    String[] session = login(NodeFixture.OPERATOR_KEY);

    Reply without = send("POST", "/api/pauses", session[0], null, "{\"scope\":\"flow:x\"}");
    Reply wrong = send("POST", "/api/pauses", session[0], "forged", "{\"scope\":\"flow:x\"}");
    Reply with = send("POST", "/api/pauses", session[0], session[1], "{\"scope\":\"flow:x\"}");

    assertThat(without.status()).isEqualTo(403);
    assertThat(without.json().path("error").asText()).isEqualTo("forbidden");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(with.status()).isEqualTo(201);
    assertThat(fixture.node.storage().pauses().list()).containsExactly("flow:x");
  }

  @Test
  void a_viewer_session_is_refused_every_change_with_403_in_the_json_error_shape()
      throws Exception {
    String[] session = login(NodeFixture.VIEWER_KEY);

    Reply pause = send("POST", "/api/pauses", session[0], session[1], "{\"scope\":\"flow:x\"}");
    Reply replay = send("POST", "/api/replays", session[0], session[1], "{\"dryRun\":true}");
    Reply issue =
        send(
            "POST",
            "/ui/api/issues/abc/status",
            session[0],
            session[1],
            "{\"status\":\"resolved\"}");

    for (Reply reply : new Reply[] {pause, replay, issue}) {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.json().path("error").asText()).isEqualTo("forbidden");
      assertThat(reply.json().path("message").asText()).contains("viewer");
    }
    assertThat(send("GET", "/ui/api/overview", session[0], null, null).status()).isEqualTo(200);
    assertThat(fixture.node.storage().pauses().list()).isEmpty();
  }

  @Test
  void logout_ends_the_session_on_the_server() throws Exception {
    String[] session = login(NodeFixture.OPERATOR_KEY);

    Reply logout = send("POST", "/ui/logout", session[0], session[1], null);

    assertThat(logout.status()).isEqualTo(200);
    assertThat(logout.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(send("GET", "/ui/session", session[0], null, null).status()).isEqualTo(401);
    assertThat(send("GET", "/api/events", session[0], null, null).status()).isEqualTo(401);
  }

  @Test
  void the_page_is_served_at_the_root_with_a_strict_content_security_policy() throws Exception {
    Reply page = send("GET", "/", null, null, null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/html");
    assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.raw().body()).contains("/ui/app.js").contains("/ui/lib/uPlot.iife.min.js");
    assertThat(send("GET", "/ui/lib/uPlot.iife.min.js", null, null, null).raw().body())
        .contains("uPlot");
  }
}
