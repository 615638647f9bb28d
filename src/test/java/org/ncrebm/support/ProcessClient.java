package org.ncrebm.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API of {@link ServiceProcess}es, over the JDK's HTTP client (the test JVM runs no Vert.x of its own here):
 * single calls for set-up, asynchronous ones for load. A call that fails at the transport level (reset, refused)
 * is a {@link Reply} with its {@code error}, so tests can count lost requests instead of failing on the first.
 */
public final class ProcessClient {
  // HTTP/1.1 with keep-alive, as an ingress controller talks to its upstream pods.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();

  /** One response, or the transport error that took its place. */
  public record Reply(int status, String body, String requestId, Throwable error) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public boolean complete() {
      return error == null;
    }

    @Override
    public String toString() {
      return error != null ? "transport error " + error : status + " " + body;
    }
  }

  public CompletableFuture<Reply> async(ServiceProcess to, String method, String path, JsonObject body, String token) {
    return async(to, method, path, body, token, java.util.Map.of());
  }

  /** The same with headers of its own (an {@code X-Admission}, say). */
  public CompletableFuture<Reply> async(ServiceProcess to, String method, String path, JsonObject body, String token,
                                        java.util.Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(to.uri(path)).timeout(Duration.ofSeconds(60))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) b.header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    headers.forEach(b::header);
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
      .thenApply(r -> new Reply(r.statusCode(), r.body(), r.headers().firstValue("X-Request-Id").orElse(null), null))
      .exceptionally(err -> new Reply(-1, null, null, err));
  }

  public Reply call(ServiceProcess to, String method, String path, JsonObject body, String token) {
    return async(to, method, path, body, token).join();
  }

  /** Logs a candidate in through the API (argon2id on the service's worker pool); the bearer token. */
  public String login(ServiceProcess to, String email) {
    Reply r = call(to, "POST", "/api/v1/passport/sessions",
      new JsonObject().put("login", email).put("password", Candidates.PASSWORD), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("token");
  }

  /**
   * Staff set-up through the API, as {@link Staff} does in-process: an exam session with subjects 24, 28 and 65, the
   * window of province 11 open now, and one center with the given capacities. Returns {sessionId, centerId}.
   */
  public long[] examWithCenter(ServiceProcess to, JsonObject capacities) {
    Reply login = call(to, "POST", "/api/v1/staff/sessions",
      new JsonObject().put("username", "admin").put("password", TestApp.ADMIN_PASSWORD), null);
    assertThat(login.status()).as(login.toString()).isEqualTo(201);
    String admin = login.json().getString("token");
    JsonArray subjects = new JsonArray()
      .add(new JsonObject().put("code", "24").put("name", "二级C语言程序设计").put("level", 2).put("feeFen", 9000))
      .add(new JsonObject().put("code", "28").put("name", "二级Java语言程序设计").put("level", 2).put("feeFen", 9000))
      .add(new JsonObject().put("code", "65").put("name", "二级MS Office高级应用与设计").put("level", 2).put("feeFen", 8500));
    Reply session = call(to, "POST", "/api/v1/staff/exam-sessions",
      new JsonObject().put("name", "Ops").put("subjects", subjects), admin);
    assertThat(session.status()).as(session.toString()).isEqualTo(201);
    long sid = session.json().getLong("id");
    Instant now = Instant.now();
    Instant closes = now.plus(Duration.ofDays(14));
    Instant pay = closes.plus(Duration.ofDays(2));
    Instant print = pay.plus(Duration.ofDays(7));
    Reply window = call(to, "PUT", "/api/v1/staff/exam-sessions/" + sid + "/provinces/11", new JsonObject()
      .put("opensAt", now.minus(Duration.ofHours(1)).toString()).put("closesAt", closes.toString())
      .put("payDeadline", pay.toString()).put("ticketPrintFrom", print.toString())
      .put("ticketPrintTo", print.plus(Duration.ofDays(5)).toString()), admin);
    assertThat(window.status()).as(window.toString()).isBetween(200, 204);
    Reply center = call(to, "POST", "/api/v1/staff/exam-sessions/" + sid + "/centers", new JsonObject()
      .put("provinceCode", "11").put("code", "OPS1").put("name", "考点OPS1").put("address", "示范路1号")
      .put("reviewRequired", false).put("classRequired", false).put("capacities", capacities), admin);
    assertThat(center.status()).as(center.toString()).isEqualTo(201);
    return new long[]{sid, center.json().getLong("id")};
  }

  /** The body of a registration start for a fresh, valid ID number. */
  public static JsonObject start(long sid, long centerId, String idNumber) {
    return new JsonObject().put("examSessionId", sid).put("centerId", centerId).put("agreementAccepted", true)
      .put("idType", "RESIDENT_ID").put("idNumber", idNumber);
  }
}
