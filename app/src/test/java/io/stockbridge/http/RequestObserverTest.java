package io.stockbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request passes the one {@link RequestObserver}: fast Jetty routes and Javalin routes alike.
 */
class RequestObserverTest {
  private final List<ObservedRequest> observed = new CopyOnWriteArrayList<>();
  private final List<Class<?>> servedBy = new CopyOnWriteArrayList<>();
  private Javalin server;
  private TestHttp http;

  @BeforeEach
  void start() {
    RouteBook routes = new RouteBook();
    routes.addFast(
        HandlerType.POST,
        "/hooks/{account}",
        exchange -> {
          servedBy.add(exchange.getClass());
          byte[] body = RequestBodies.read(exchange, 64);
          exchange.respondJson(
              202,
              ("{\"account\":\"" + exchange.pathParam("account") + "\",\"bytes\":" + body.length)
                  .concat("}")
                  .getBytes(StandardCharsets.UTF_8));
        });
    routes.addFast(
        HandlerType.POST,
        "/hooks-failing",
        exchange -> {
          throw ApiException.conflict("already there");
        });
    routes.add(HandlerType.GET, "/items/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"))));
    server = HttpServer.create(routes, observed::add).start("127.0.0.1", 0);
    http = new TestHttp(server.port());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private ObservedRequest awaitObserved(int count) {
    Eventually.await(
        count + " observed requests", Duration.ofSeconds(10), () -> observed.size() >= count);
    return observed.get(count - 1);
  }

  @Test
  void webhooksOnTheFastPathReachTheObserverThatJavalinRoutesReach() {
    TestHttp.Answer hook = http.postJson("/hooks/acme", Map.of(), "{\"a\":1}");
    assertThat(hook.status()).isEqualTo(202);
    assertThat(hook.json().path("account").asText()).isEqualTo("acme");
    assertThat(servedBy).containsExactly(CoreExchange.class);
    ObservedRequest fast = awaitObserved(1);
    assertThat(fast.method()).isEqualTo("POST");
    assertThat(fast.route()).isEqualTo("/hooks/{account}");
    assertThat(fast.status()).isEqualTo(202);
    assertThat(fast.duration()).isPositive();

    TestHttp.Answer item = http.get("/items/42", Map.of());
    assertThat(item.status()).isEqualTo(200);
    ObservedRequest javalin = awaitObserved(2);
    assertThat(javalin.method()).isEqualTo("GET");
    assertThat(javalin.route()).isEqualTo("/items/{id}");
    assertThat(javalin.status()).isEqualTo(200);
  }

  @Test
  void fastRouteErrorsAreObservedWithTheStatusOfOurErrorShape() {
    TestHttp.Answer tooLarge =
        http.postJson("/hooks/acme", Map.of(), "{\"a\":\"" + "x".repeat(100) + "\"}");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().path("error").asText()).isEqualTo("payload_too_large");
    assertThat(awaitObserved(1).status()).isEqualTo(413);

    TestHttp.Answer conflict = http.postJson("/hooks-failing", Map.of(), "{}");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().path("error").asText()).isEqualTo("conflict");
    assertThat(conflict.message()).isEqualTo("already there");
    ObservedRequest failing = awaitObserved(2);
    assertThat(failing.route()).isEqualTo("/hooks-failing");
    assertThat(failing.status()).isEqualTo(409);
  }

  @Test
  void aFastRouteThatJavalinTakesIsAnsweredAndObservedTheSameWay() {
    // A trailing slash misses the exact fast match; Javalin routes it to the same handler.
    TestHttp.Answer hook = http.postJson("/hooks/acme/", Map.of(), "{\"a\":1}");
    assertThat(hook.status()).isEqualTo(202);
    assertThat(hook.json().path("bytes").asInt()).isEqualTo(7);
    assertThat(servedBy).containsExactly(ContextExchange.class);
    ObservedRequest observedHook = awaitObserved(1);
    assertThat(observedHook.route()).isEqualTo("/hooks/{account}");
    assertThat(observedHook.status()).isEqualTo(202);
  }

  @Test
  void requestsMatchingNoRouteAreObservedAsUnmatched() {
    TestHttp.Answer missing = http.get("/nowhere/7", Map.of());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").asText()).isEqualTo("not_found");
    ObservedRequest unmatched = awaitObserved(1);
    assertThat(unmatched.route()).isEqualTo(ObservedRequest.UNMATCHED);
    assertThat(unmatched.status()).isEqualTo(404);
  }

  @Test
  void anObserverThatThrowsDoesNotChangeTheAnswer() {
    server.stop();
    RouteBook routes = new RouteBook();
    routes.add(HandlerType.GET, "/ok", ctx -> ctx.json(Map.of("ok", true)));
    server =
        HttpServer.create(
                routes,
                request -> {
                  throw new IllegalStateException("observer broke");
                })
            .start("127.0.0.1", 0);
    TestHttp.Answer ok = new TestHttp(server.port()).get("/ok", Map.of());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("ok").asBoolean()).isTrue();
  }
}
