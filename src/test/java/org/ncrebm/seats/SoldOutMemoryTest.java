package org.ncrebm.seats;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.support.TestApp;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's memory of sold-out counters (issue 15): for a quarter second after Redis said "sold out" the answer is
 * given without Redis, to everyone who held none of the counter's seats; a holder still gets its own seat; a seat
 * given back through this process clears the memory at once, one given back elsewhere is seen a quarter second later
 * at the latest; nobody is ever given a seat from the memory.
 */
@DisplayName("Seat gate: sold-out answers remembered for 250 ms, never a seat given from memory")
class SoldOutMemoryTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final SeatRace race = new SeatRace(app);

  private HttpResponse<Buffer> choose(String[] d, String... subjects) {
    return TestApp.await(app.client().put("/api/v1/registrations/" + d[2] + "/subjects").bearerTokenAuthentication(d[1])
      .sendJsonObject(new JsonObject().put("subjects", new JsonArray(List.of((Object[]) subjects)))));
  }

  private SeatGate gate() {
    return app.main().services().registrations().front().gate();
  }

  /** Waits for the snapshot read that a sold-out answer starts (an event, not a time): at most 5 s. */
  private void awaitRemembered(SeatGate.Counter c) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!gate().remembersSoldOut(c)) {
      assertThat(System.nanoTime()).as("remembered within 5 s").isLessThan(end);
      Thread.onSpinWait();
    }
  }

  private static String code(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  @DisplayName("sold out is answered from memory for 250 ms, the holder keeps its seat, then Redis is asked again")
  void rememberedForAQuarterSecond() {
    race.setUp(new JsonObject().put("24", 1));
    List<String[]> d = race.drafts(3);
    assertThat(choose(d.get(0), "24").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> first = choose(d.get(1), "24");
    assertThat(first.statusCode()).isEqualTo(409);
    assertThat(code(first)).isEqualTo("SEAT_SOLD_OUT");
    SeatGate.Counter c = race.counter("24");
    awaitRemembered(c);

    // Redis is made to show a free seat behind the gate's back: within the quarter second the memory answers...
    TestApp.await(app.redis().send(Request.cmd(Command.INCR).arg(c.keys().get(0))));
    HttpResponse<Buffer> remembered = choose(d.get(2), "24");
    assertThat(remembered.statusCode()).isEqualTo(409);
    assertThat(code(remembered)).isEqualTo("SEAT_SOLD_OUT");
    assertThat(race.redis("24")[0]).as("Redis was not asked: its free seat is still there").isEqualTo(1);
    // ...but never to the holder, whose seat is its own
    assertThat(choose(d.get(0), "24").statusCode()).as("the holder chooses again").isEqualTo(200);

    // after the quarter second Redis decides again; Postgres, which has no seat left, has the last word
    app.clock.advance(Duration.ofMillis(250));
    assertThat(gate().remembersSoldOut(c)).isFalse();
    HttpResponse<Buffer> asked = choose(d.get(2), "24");
    assertThat(code(asked)).isEqualTo("SEAT_SOLD_OUT");
    assertThat(race.redis("24")[0]).as("the gate took Redis' seat and gave it back when Postgres refused").isEqualTo(1);
    assertThat(race.rows("24")).isEqualTo(1);
    race.assertInvariants();
  }

  @Test
  @DisplayName("a seat given back through this process is offered at once: the memory is cleared")
  void releaseHereClearsAtOnce() {
    race.setUp(new JsonObject().put("24", 1));
    List<String[]> d = race.drafts(2);
    assertThat(choose(d.get(0), "24").statusCode()).isEqualTo(200);
    assertThat(choose(d.get(1), "24").statusCode()).isEqualTo(409);
    awaitRemembered(race.counter("24"));
    assertThat(app.post("/api/v1/registrations/" + d.get(0)[2] + "/cancellation", new JsonObject(), d.get(0)[1])
      .status()).isEqualTo(200);
    assertThat(gate().remembersSoldOut(race.counter("24"))).isFalse();
    assertThat(choose(d.get(1), "24").statusCode()).as("no clock moved").isEqualTo(200);
    assertThat(race.rows("24")).isEqualTo(1);
    race.assertInvariants();
  }

  @Test
  @DisplayName("a seat given back through another instance reaches this one 250 ms later at the latest")
  void releaseElsewhereWithinTheBound() {
    race.setUp(new JsonObject().put("24", 1));
    List<String[]> d = race.drafts(2);
    assertThat(choose(d.get(0), "24").statusCode()).isEqualTo(200);
    assertThat(choose(d.get(1), "24").statusCode()).isEqualTo(409);
    SeatGate.Counter c = race.counter("24");
    awaitRemembered(c);
    // Another instance's gate (its own memory, the same Redis and Postgres) gives the seat back after Postgres did.
    var p = app.main().services().platform();
    SeatGate other = new SeatGate(p.redis(), p.scripts(), p.pool(), new Breaker(), app.clock);
    app.query("delete from registration_subject where registration_id = $1::uuid", d.get(0)[2]);
    app.query("update center_capacity set taken = taken - 1 where center_id = $1 and subject_code = '24'", race.center);
    app.query("update test_center set total_taken = total_taken - 1 where id = $1", race.center);
    TestApp.await(other.release(UUID.fromString(d.get(0)[2]), race.sid, race.center, List.of("24")));
    assertThat(race.redis("24")[0]).isEqualTo(1);

    assertThat(code(choose(d.get(1), "24"))).as("within the quarter second").isEqualTo("SEAT_SOLD_OUT");
    app.clock.advance(Duration.ofMillis(249));
    assertThat(code(choose(d.get(1), "24"))).isEqualTo("SEAT_SOLD_OUT");
    app.clock.advance(Duration.ofMillis(1));
    assertThat(choose(d.get(1), "24").statusCode()).as("at 250 ms").isEqualTo(200);
    assertThat(race.rows("24")).isEqualTo(1);
    race.assertInvariants();
  }

  @Test
  @DisplayName("several subjects: one remembered sold out refuses the request before any seat is taken")
  void multiSubject() {
    race.setUp(new JsonObject().put("24", 1).put("28", 5));
    List<String[]> d = race.drafts(2);
    assertThat(choose(d.get(0), "24").statusCode()).isEqualTo(200);
    assertThat(choose(d.get(1), "24").statusCode()).isEqualTo(409);
    awaitRemembered(race.counter("24"));
    HttpResponse<Buffer> both = choose(d.get(1), "24", "28");
    assertThat(code(both)).isEqualTo("SEAT_SOLD_OUT");
    long[] other = race.redis("28");
    assertThat(other == null ? 5 : other[0]).as("nothing taken of the other subject, not even for a moment")
      .isEqualTo(5);
    assertThat(race.rows("28")).isZero();
    assertThat(choose(d.get(0), "24", "28").statusCode()).as("the holder of 24 adds 28").isEqualTo(200);
    assertThat(race.redis("28")[0]).isEqualTo(4);
    assertThat(race.rows("28")).isEqualTo(1);
    race.assertInvariants();
  }

  @Test
  @DisplayName("the memory never gives a seat: a wrong snapshot can only refuse, the gate script decides every win")
  void neverGivesASeat() {
    race.setUp(new JsonObject().put("24", 2));
    List<String[]> d = race.drafts(4);
    assertThat(choose(d.get(0), "24").statusCode()).isEqualTo(200);
    assertThat(choose(d.get(1), "24").statusCode()).isEqualTo(200);
    assertThat(choose(d.get(2), "24").statusCode()).isEqualTo(409);
    awaitRemembered(race.counter("24"));
    var failure = TestApp.await(gate().holdAll(UUID.fromString(d.get(3)[2]), race.sid, race.center, List.of("24"))
      .map(taken -> (Throwable) null).otherwise(err -> err));
    assertThat(failure).isInstanceOfSatisfying(AppException.class,
      e -> assertThat(e.code()).isEqualTo(ErrorCode.SEAT_SOLD_OUT));
    assertThat(race.redis("24")[1]).as("holders unchanged").isEqualTo(2);
  }
}
