package org.ncrebm.platform.web;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.TestApp;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front every request passes (issue 15 folded six handlers into it): the deadlines without a timer per request,
 * the headers of API answers and of pages, the query-string check. The deadline sweep is driven by hand with a
 * moved clock, so nothing waits 30 s.
 */
@DisplayName("The request front: deadlines swept per event loop, security headers per kind of answer")
class RequestFrontTest {
  private static final long ORDINARY = 30_000;
  private static final long LONG = 900_000;
  private static final Vertx vertx = Vertx.vertx();
  private static final RequestDeadlines deadlines = new RequestDeadlines(ORDINARY, LONG);
  private static final AtomicReference<Promise<Context>> reached = new AtomicReference<>();
  private static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(new RequestFront(deadlines, path -> path.startsWith("/api/v1/long/"), false));
    router.route().failureHandler(new FailureHandler(I18n.load(), null));
    // never answered: only a deadline ends them
    router.get("/api/v1/stuck").handler(ctx -> reached.get().complete(Vertx.currentContext()));
    router.get("/api/v1/long/stuck").handler(ctx -> reached.get().complete(Vertx.currentContext()));
    router.get("/api/v1/ok").handler(ctx -> Web.json(ctx, 200, new io.vertx.core.json.JsonObject().put("ok", true)));
    router.put("/api/v1/things/:id/sold").handler(Web.op(ctx -> io.vertx.core.Future.failedFuture(
      org.ncrebm.platform.AppException.of(org.ncrebm.platform.ErrorCode.SEAT_SOLD_OUT))));
    router.get("/api/v1/things/:id/thrown").handler(Web.op(ctx -> {
      throw org.ncrebm.platform.AppException.notFound();
    }));
    router.get("/page").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html").end("<p>hi</p>"));
    HttpServer server = TestApp.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.actualPort())
      .setDefaultHost("127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    TestApp.await(vertx.close());
  }

  private static long nowMillis() {
    return System.nanoTime() / 1_000_000;
  }

  /** Sends a request no route answers, waits until its route has it, returns the answer's future and its context. */
  private static Context stuck(String path, AtomicReference<io.vertx.core.Future<HttpResponse<Buffer>>> answer) {
    reached.set(Promise.promise());
    answer.set(client.get(path).send());
    return TestApp.await(reached.get().future());
  }

  private static void sweepAt(Context context, long atMillis) {
    Promise<Void> swept = Promise.promise();
    context.runOnContext(v -> {
      deadlines.sweep(atMillis);
      swept.complete();
    });
    TestApp.await(swept.future());
  }

  @Test
  @DisplayName("a request still unanswered at its deadline gets 503 OVERLOADED; not one moment before")
  void ordinaryDeadline() {
    var answer = new AtomicReference<io.vertx.core.Future<HttpResponse<Buffer>>>();
    long sent = nowMillis();
    Context context = stuck("/api/v1/stuck", answer);
    sweepAt(context, sent + ORDINARY - 1_000);
    assertThat(answer.get().isComplete()).isFalse();
    sweepAt(context, nowMillis() + ORDINARY);
    HttpResponse<Buffer> r = TestApp.await(answer.get());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("OVERLOADED");
  }

  @Test
  @DisplayName("a streamed export's deadline is the long one: past the ordinary deadline it still runs")
  void longDeadline() {
    var answer = new AtomicReference<io.vertx.core.Future<HttpResponse<Buffer>>>();
    Context context = stuck("/api/v1/long/stuck", answer);
    sweepAt(context, nowMillis() + ORDINARY + 1_000);
    assertThat(answer.get().isComplete()).isFalse();
    sweepAt(context, nowMillis() + LONG);
    assertThat(TestApp.await(answer.get()).statusCode()).isEqualTo(503);
  }

  @Test
  @DisplayName("answered requests leave the watch at the next sweep: nothing is kept for them")
  void answeredAreDropped() {
    for (int i = 0; i < 20; i++) {
      assertThat(TestApp.await(client.get("/api/v1/ok").send()).statusCode()).isEqualTo(200);
    }
    var answer = new AtomicReference<io.vertx.core.Future<HttpResponse<Buffer>>>();
    Context loop = stuck("/api/v1/stuck", answer); // the server's one event loop, which watched them all
    Promise<Integer> left = Promise.promise();
    loop.runOnContext(v -> {
      deadlines.sweep(nowMillis());
      left.complete(deadlines.watched());
    });
    // only the stuck one is still watched
    assertThat(TestApp.await(left.future())).isEqualTo(1);
    sweepAt(loop, nowMillis() + ORDINARY);
    assertThat(TestApp.await(answer.get()).statusCode()).isEqualTo(503);
  }

  @Test
  @DisplayName("API answers: a CSP allowing nothing, nosniff, no framing; no document policies; id and language")
  void apiHeaders() {
    MultiMap h = TestApp.await(client.get("/api/v1/ok").send()).headers();
    assertThat(h.get("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    assertThat(h.get("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(h.get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(h.get("Referrer-Policy")).isNull();
    assertThat(h.get("Permissions-Policy")).isNull();
    assertThat(h.get("X-Request-Id")).hasSize(16);
    assertThat(h.get("Content-Language")).isEqualTo("zh-CN");
  }

  @Test
  @DisplayName("pages: the document CSP, referrer, opener and permissions policies; English on Accept-Language")
  void pageHeaders() {
    MultiMap h = TestApp.await(client.get("/page").putHeader("Accept-Language", "en").send()).headers();
    assertThat(h.get("Content-Security-Policy")).isEqualTo(SecurityHeadersHandler.CSP);
    assertThat(h.get("Referrer-Policy")).isEqualTo("same-origin");
    assertThat(h.get("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
    assertThat(h.get("Permissions-Policy")).contains("camera=()");
    assertThat(h.get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(h.get("Content-Language")).isEqualTo("en");
  }

  @Test
  @DisplayName("a malformed query string: 400 with the security headers and the caller's request id")
  void malformedQuery() {
    HttpResponse<Buffer> r = TestApp.await(client.get("/api/v1/ok?x=%zz").putHeader("X-Request-Id", "caller-id-123")
      .send());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(r.getHeader("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    assertThat(r.getHeader("X-Request-Id")).isEqualTo("caller-id-123");
  }

  @Test
  @DisplayName("the access log names the route a failed request had reached, as it does for answered ones")
  void accessLogRoute() {
    ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("access");
    var events = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    events.start();
    access.addAppender(events);
    try {
      assertThat(TestApp.await(client.put("/api/v1/things/7/sold").send()).statusCode()).isEqualTo(409);
      assertThat(TestApp.await(client.get("/api/v1/things/8/thrown").send()).statusCode()).isEqualTo(404);
      assertThat(TestApp.await(client.get("/api/v1/ok").send()).statusCode()).isEqualTo(200);
      assertThat(TestApp.await(client.get("/api/v1/nowhere").send()).statusCode()).isEqualTo(404);
      // the end handler runs after the answer is written: the four lines may trail the client's last answer
      long until = System.nanoTime() + 5_000_000_000L;
      while (events.list.size() < 4 && System.nanoTime() < until) Thread.onSpinWait();
      List<String> lines = events.list.stream().map(e -> e.getFormattedMessage()).toList();
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).contains("PUT /api/v1/things/7/sold 409").contains("route=/api/v1/things/:id/sold");
      assertThat(lines.get(1)).contains("GET /api/v1/things/8/thrown 404").contains("route=/api/v1/things/:id/thrown");
      assertThat(lines.get(2)).contains("GET /api/v1/ok 200").contains("route=/api/v1/ok");
      assertThat(lines.get(3)).contains("GET /api/v1/nowhere 404").contains("route=-");
    } finally {
      access.detachAppender(events);
    }
  }
}
