package org.ncrebm.seats;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.app.MainVerticle;
import org.ncrebm.support.TestApp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seat drills of the spike, on real Postgres and Redis, each asserting the invariants from the database. */
@DisplayName("Seat drills: races, a Redis flush, killed Postgres connections, two instances, expiry, all-or-nothing")
class SeatDrillsTest {
  @RegisterExtension
  static final TestApp app = new TestApp(new JsonObject().put("pg.pool-size", 24));
  private final SeatRace race = new SeatRace(app);

  @Test
  @DisplayName("1. 1,000 candidates racing for 100 seats: exactly 100 hold one, the counter is 0, the rest got 409")
  void thousandForHundred() {
    race.setUp(new JsonObject().put("24", 100));
    List<String[]> drafts = race.drafts(1000);
    var sends = race.race(app.client(), drafts, "24");
    assertThat(SeatRace.count(sends, 200)).isEqualTo(100);
    assertThat(SeatRace.errorCount(sends, "SEAT_SOLD_OUT")).isEqualTo(900);
    assertThat(race.rows("24")).isEqualTo(100);
    assertThat(race.redis("24")).containsExactly(0L, 100L, 0L);
    for (int i = 0; i < drafts.size(); i++) {
      if (sends.get(i).result().statusCode() == 409) {
        assertThat(app.count("select count(*) from registration_subject where registration_id = $1::uuid",
          drafts.get(i)[2])).isZero();
      }
    }
    race.assertInvariants();
  }

  @Test
  @DisplayName("2. the same with Redis flushed in the middle: still exactly 100, counters rebuilt")
  void flushInTheMiddle() {
    race.setUp(new JsonObject().put("24", 100));
    List<String[]> drafts = race.drafts(600);
    var first = race.race(app.client(), drafts.subList(0, 300), "24");
    long won = SeatRace.count(first, 200);
    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    // Sessions lived in the flushed Redis too: the candidates log in again.
    // The second wave comes after the gate's quarter second of remembered sold-out answers (SoldOutMemory): then
    // its holds reach Redis, which finds the counter gone and rebuilds it from Postgres.
    app.clock.advance(Duration.ofMillis(SoldOutMemory.MEMORY_MILLIS));
    List<String[]> again = race.newSessions(drafts.subList(300, 600));
    var second = race.race(app.client(), again, "24");
    assertThat(won + SeatRace.count(second, 200)).isEqualTo(100);
    assertThat(race.rows("24")).isEqualTo(100);
    assertThat(race.redis("24")).containsExactly(0L, 100L, 0L);
    race.assertInvariants();
  }

  @Test
  @DisplayName("4. Postgres connections killed during the race: failures are clean, nothing partial, nothing oversold")
  void killedConnections() {
    race.setUp(new JsonObject().put("24", 60).put("28", 60));
    List<String[]> drafts = race.drafts(300);
    List<Future<HttpResponse<Buffer>>> sends = new ArrayList<>();
    for (String[] d : drafts) {
      sends.add(app.client().put("/api/v1/registrations/" + d[2] + "/subjects").bearerTokenAuthentication(d[1])
        .sendJsonObject(new JsonObject().put("subjects", new io.vertx.core.json.JsonArray().add("24").add("28"))));
    }
    for (int i = 0; i < 5; i++) {
      app.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() "
        + "and application_name = 'ncre-bm' and pid <> pg_backend_pid()");
    }
    TestApp.await(Future.join(sends));
    List<String> unclean = sends.stream()
      .filter(f -> !(f.succeeded() && List.of(200, 409, 503).contains(f.result().statusCode())))
      .map(f -> f.succeeded() ? f.result().statusCode() + " " + f.result().bodyAsString() : String.valueOf(f.cause()))
      .toList();
    assertThat(unclean).as("every answer is a clean one").isEmpty();
    assertThat(race.rows("24")).isEqualTo(race.rows("28")).isLessThanOrEqualTo(60);
    assertThat(app.count("select count(*) from registration r where (select count(*) from registration_subject s "
      + "where s.registration_id = r.id) = 1")).as("all or nothing").isZero();
    race.assertInvariants();
    TestApp.await(app.main().services().holdExpiry().runOnce(0));
  }

  @Test
  @DisplayName("5. two service instances on one Postgres and Redis: invariants hold, the expiry job releases each hold once")
  void twoInstances() throws Exception {
    race.setUp(new JsonObject().put("24", 50));
    Vertx other = Vertx.vertx();
    try {
      MainVerticle second = new MainVerticle(app.clock);
      TestApp.await(other.deployVerticle(second, new DeploymentOptions().setConfig(app.main().appConfig() == null
        ? new JsonObject() : secondConfig())));
      WebClient secondClient = WebClient.create(other, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(second.httpPort()));
      List<String[]> drafts = race.drafts(200);
      var a = race.race(app.client(), drafts.subList(0, 100), "24");
      var b = race.race(secondClient, drafts.subList(100, 200), "24");
      assertThat(SeatRace.count(a, 200) + SeatRace.count(b, 200)).isEqualTo(50);
      race.assertInvariants();
      app.clock.advance(Duration.ofMinutes(31));
      var one = app.main().services().holdExpiry().runOnce(1000);
      var two = second.services().holdExpiry().runOnce(1000);
      TestApp.await(Future.all(one, two));
      assertThat(one.result() + two.result()).isEqualTo(50);
      assertThat(app.count("select count(*) from audit_log where action = 'seats.holdExpired'")).isEqualTo(50);
      assertThat(race.rows("24")).isZero();
      race.assertInvariants();
    } finally {
      TestApp.await(other.close());
    }
  }

  private JsonObject secondConfig() {
    var c = app.main().appConfig();
    return new JsonObject().put("profile", "test").put("http.host", "127.0.0.1").put("http.port", 0)
      .put("http.instances", 1).put("pg.url", c.pgUrl()).put("redis.url", c.redisUrl())
      .put("data.dir", "target/test-data-2").put("admin.password", TestApp.ADMIN_PASSWORD)
      .put("security.jwt-secret", c.jwtSecret()).put("security.code-secret", c.codeSecret())
      .put("security.id-key", c.idKey()).put("security.id-digest-key", c.idDigestKey());
  }

  @Test
  @DisplayName("6. holds expiring while new candidates arrive: released seats are taken again, never twice")
  void expiryWhileArriving() {
    race.setUp(new JsonObject().put("24", 10));
    List<String[]> early = race.drafts(10);
    assertThat(SeatRace.count(race.race(app.client(), early, "24"), 200)).isEqualTo(10);
    app.clock.advance(Duration.ofMinutes(31));
    List<String[]> late = race.drafts(40);
    var expiry = app.main().services().holdExpiry().runOnce(1000);
    var sends = race.race(app.client(), late, "24");
    TestApp.await(expiry);
    assertThat(expiry.result()).isEqualTo(10);
    long winners = SeatRace.count(sends, 200);
    assertThat(winners).isLessThanOrEqualTo(10);
    assertThat(race.rows("24")).isEqualTo(winners);
    var retry = race.race(app.client(), late.stream().filter(d -> app.count(
      "select count(*) from registration_subject where registration_id = $1::uuid", d[2]) == 0).toList(), "24");
    assertThat(winners + SeatRace.count(retry, 200)).isEqualTo(10);
    assertThat(race.rows("24")).isEqualTo(10);
    race.assertInvariants();
  }

  @Test
  @DisplayName("7. a multi-subject choice under contention takes all of its subjects or none, in Redis and Postgres")
  void multiSubject() {
    race.setUp(new JsonObject().put("24", 5).put("28", 30));
    List<String[]> drafts = race.drafts(40);
    var sends = race.race(app.client(), drafts, "24", "28");
    assertThat(SeatRace.count(sends, 200)).isEqualTo(5);
    assertThat(race.rows("24")).isEqualTo(5);
    assertThat(race.rows("28")).isEqualTo(5);
    assertThat(race.redis("28")).containsExactly(25L, 5L, 0L);
    race.assertInvariants();
  }


}
