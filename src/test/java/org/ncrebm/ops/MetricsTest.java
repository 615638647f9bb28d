package org.ncrebm.ops;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Metrics at /metrics: requests by route, pools and queues, domain counters, behind a bearer token")
class MetricsTest {
  private static final String TOKEN = "metrics-token-for-the-test-suite-0123456789";

  @RegisterExtension
  static final TestApp app = new TestApp(new JsonObject().put("metrics.token", TOKEN));

  private static HttpResponse<Buffer> scrape(String authorization) {
    var request = app.client().get("/metrics");
    if (authorization != null) request.putHeader("Authorization", authorization);
    return TestApp.await(request.send());
  }

  private static String metrics() {
    HttpResponse<Buffer> r = scrape("Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsString();
  }

  /** The sample value of the first line starting with this series prefix, or -1 when absent. */
  static double sample(String body, String prefix) {
    return Arrays.stream(body.split("\n")).filter(l -> l.startsWith(prefix))
      .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
  }

  @Test
  @DisplayName("without the configured bearer token /metrics answers 401, with it the Prometheus text format")
  void token() {
    assertThat(scrape(null).statusCode()).isEqualTo(401);
    assertThat(scrape("Bearer wrong-token").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> ok = scrape("Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(ok.bodyAsString()).contains("# TYPE ");
  }

  @Test
  @DisplayName("requests are counted and timed by matched route, method and status, never by raw path")
  void requestsByRoute() {
    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/api/v1/exam-sessions/" + (900_000 + i) + "/provinces", null).status()).isIn(200, 404);
    }
    String body = metrics();
    List<String> requestLines = Arrays.stream(body.split("\n"))
      .filter(l -> l.startsWith("vertx_http_server_requests_total{")).toList();
    assertThat(requestLines).anyMatch(l -> l.contains("route=\"/api/v1/exam-sessions/:sid/provinces\"")
      && l.contains("method=\"GET\""));
    assertThat(body).doesNotContain("900000").doesNotContain("900001");
    assertThat(body).contains("vertx_http_server_response_time_seconds_bucket{")
      .contains("le=\"0.005\"").contains("le=\"30.0\"");
  }

  @Test
  @DisplayName("pool and queue depths: the Postgres pool, the Redis client, the CPU worker and its backlog")
  void poolsAndQueues() {
    app.get("/health/ready", null);
    String body = metrics();
    assertThat(body).contains("vertx_pool_in_use{pool_name=\"ncre-pg\",pool_type=\"sql\"}")
      .contains("vertx_pool_in_use{pool_name=\"ncre-redis\",pool_type=\"redis\"}")
      .contains("vertx_pool_queue_pending{pool_name=\"ncre-worker\",pool_type=\"worker\"}");
    assertThat(sample(body, "ncre_worker_backlog")).isGreaterThanOrEqualTo(0);
    assertThat(sample(body, "ncre_worker_capacity")).isGreaterThan(0);
    assertThat(sample(body, "ncre_redis_pipelined")).as("the held connections' backlog is shown")
      .isGreaterThanOrEqualTo(0);
    assertThat(sample(body, "ncre_ready")).isEqualTo(1.0);
  }

  @Test
  @DisplayName("background jobs count their runs; holds count the seats they took, expiries the seats they gave back")
  void domainCounters() {
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "M");
    staff.openWindow(admin, sid, "11");
    long center = staff.createCenter(admin, sid, "11", "M1", false, false, new JsonObject().put("24", 5).put("28", 5));
    Journey journey = new Journey(app);
    double heldBefore = Math.max(0, sample(metrics(), "ncre_seats_held_total"));
    double writesBefore = Math.max(0, sample(metrics(), "ncre_seats_write_batch_count"));
    for (String[] c : new Candidates(app).seeded(2)) {
      String id = journey.startOk(c[1], sid, center, TestIds.resident());
      assertThat(journey.subjects(c[1], id, "24", "28").status()).isEqualTo(200);
    }
    assertThat(sample(metrics(), "ncre_seats_held_total") - heldBefore).isEqualTo(4.0);
    // one after the other: each choice its own seat transaction (group commit only groups what arrives together)
    assertThat(sample(metrics(), "ncre_seats_write_batch_count") - writesBefore).isEqualTo(2.0);
    assertThat(sample(metrics(), "ncre_seats_write_waiting")).as("nothing left queued").isZero();
    double before = Math.max(0, sample(metrics(), "ncre_seats_released_total"));
    app.clock.advance(Duration.ofDays(1));
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(100))).isEqualTo(2);
    String body = metrics();
    assertThat(sample(body, "ncre_seats_released_total") - before).isEqualTo(4.0);
    assertThat(sample(body, "ncre_jobs_runs_total{job=\"outbox\",outcome=\"ok\"}")).isGreaterThan(0);
    assertThat(body).contains("ncre_jobs_duration_seconds_bucket{job=\"outbox\"");
    // (payment callbacks by gateway and outcome: PaymentFlowTest.duplicates, where real callbacks arrive)
  }
}
