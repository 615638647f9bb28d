package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting lists (feature S6) through the API on real PostgreSQL and Redis: joining, places, leaving, offers of
 * given-back seats before the open pool, acceptance, lapses passing the seat on, and the invariants under races,
 * asserted from the database.
 */
@DisplayName("Waiting lists: a given-back seat goes to the first one waiting, never to the open pool")
class WaitlistTest {
  @RegisterExtension
  static final TestApp app = new TestApp(new JsonObject().put("waitlist.offer-hours", 1)
    .put("session.idle-minutes", 24 * 60).put("session.absolute-hours", 24 * 7));
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);
  private final Journey journey = new Journey(app);
  private long sid;
  private String admin;

  @BeforeEach
  void setUp() {
    admin = staff.adminToken();
    sid = staff.createSession(admin, "W");
    staff.openWindow(admin, sid, "11");
  }

  /** Drafts at a center, each its own account: [token, registration id]. */
  private List<String[]> drafts(int n, long center) {
    List<String[]> out = new ArrayList<>();
    for (String[] c : candidates.seeded(n)) {
      out.add(new String[]{c[1], journey.startOk(c[1], sid, center, TestIds.resident())});
    }
    return out;
  }

  private ApiResponse join(String[] d, String subject) {
    return app.post("/api/v1/registrations/" + d[1] + "/waitlist", new JsonObject().put("subject", subject), d[0]);
  }

  private ApiResponse accept(String[] d, String subject) {
    return app.post("/api/v1/registrations/" + d[1] + "/waitlist/" + subject + "/acceptance", new JsonObject(), d[0]);
  }

  private ApiResponse cancel(String[] d) {
    return app.post("/api/v1/registrations/" + d[1] + "/cancellation", new JsonObject(), d[0]);
  }

  private int offersRun() {
    return TestApp.await(app.main().services().waitlistOffers().runOnce());
  }

  private String state(String[] d, String subject) {
    var rows = app.query("select state from waitlist_entry where registration_id = $1::uuid and subject_code = $2 "
      + "order by id desc limit 1", d[1], subject);
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  private long taken(long center, String subject) {
    return app.count("select taken from center_capacity where center_id = $1 and subject_code = $2", center, subject);
  }

  private long redisStock(long center, String subject) {
    var r = TestApp.await(app.redis().send(Request.cmd(Command.GET)
      .arg("seats:{s" + sid + ":c" + center + ":" + subject + "}:stock")));
    return r == null ? -1 : r.toLong();
  }

  /** taken = seats + live offers, and never above capacity: the waiting lists' invariant, for every counter. */
  private void assertCountersHold() {
    assertThat(app.count("""
      select count(*) from center_capacity k where k.taken > k.capacity or k.taken <>
        (select count(*) from registration_subject s where s.center_id = k.center_id and s.subject_code = k.subject_code)
        + (select count(*) from waitlist_entry w where w.center_id = k.center_id and w.subject_code = k.subject_code
           and w.state = 'OFFERED')""")).isZero();
    assertThat(app.count("""
      select count(*) from test_center c where c.total_taken <>
        (select coalesce(sum(taken), 0) from center_capacity k where k.center_id = c.id)""")).isZero();
  }

  @Test
  @DisplayName("join: only a sold-out subject, places in order, the same entry again, at most 3 lists, leave")
  void joinAndLeave() {
    long center = staff.createCenter(admin, sid, "11", "J1", false, false,
      new JsonObject().put("24", 1).put("28", 1).put("65", 1));
    List<String[]> d = drafts(3, center);
    assertThat(join(d.get(1), "24").errorCode()).isEqualTo("INVALID_STATE");
    assertThat(journey.subjects(d.get(0)[0], d.get(0)[1], "24", "28", "65").status()).isEqualTo(200);

    ApiResponse first = join(d.get(1), "24");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.json().getInteger("position")).isEqualTo(1);
    assertThat(first.json().getString("state")).isEqualTo("WAITING");
    assertThat(join(d.get(2), "24").json().getInteger("position")).isEqualTo(2);
    ApiResponse again = join(d.get(1), "24");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getInteger("position")).isEqualTo(1);
    assertThat(app.count("select count(*) from waitlist_entry where registration_id = $1::uuid", d.get(1)[1])).isOne();

    assertThat(join(d.get(0), "24").errorCode()).as("holds it already").isEqualTo("INVALID_STATE");
    assertThat(join(d.get(1), "28").status()).isEqualTo(201);
    assertThat(join(d.get(1), "65").status()).isEqualTo(201);
    long other = staff.createCenter(admin, sid, "11", "J2", false, false, new JsonObject().put("24", 1));
    String[] elsewhere = drafts(1, other).get(0);
    journey.subjects(elsewhere[0], elsewhere[1], "24");
    assertThat(join(d.get(1), "24").status()).as("the same list again").isEqualTo(200);

    ApiResponse list = app.get("/api/v1/registrations/" + d.get(1)[1] + "/waitlist", d.get(1)[0]);
    assertThat(list.json().getJsonArray("entries")).hasSize(3);
    assertThat(list.json().getInteger("maxLists")).isEqualTo(3);
    assertThat(app.count("select count(*) from audit_log where action = 'waitlist.join'")).isEqualTo(4);

    ApiResponse left = app.delete("/api/v1/registrations/" + d.get(1)[1] + "/waitlist/24", d.get(1)[0]);
    assertThat(left.status()).isEqualTo(204);
    assertThat(join(d.get(2), "24").json().getInteger("position")).as("moved up").isEqualTo(1);
    assertThat(app.delete("/api/v1/registrations/" + d.get(1)[1] + "/waitlist/24", d.get(1)[0]).status())
      .isEqualTo(404);
    assertThat(state(d.get(1), "24")).isEqualTo("LEFT");
  }

  @Test
  @DisplayName("a registration joins at most 3 lists")
  void atMostThreeLists() {
    JsonArray subjects = new JsonArray();
    for (String code : List.of("24", "26", "28", "29")) {
      subjects.add(new JsonObject().put("code", code).put("name", "科目" + code).put("level", 2).put("feeFen", 9000));
    }
    ApiResponse created = app.post("/api/v1/staff/exam-sessions", new JsonObject().put("name", "W4")
      .put("subjects", subjects), admin);
    sid = created.json().getLong("id");
    staff.openWindow(admin, sid, "11");
    long center = staff.createCenter(admin, sid, "11", "M1", false, false,
      new JsonObject().put("24", 1).put("26", 1).put("28", 1).put("29", 1));
    List<String[]> d = drafts(3, center);
    assertThat(journey.subjects(d.get(0)[0], d.get(0)[1], "24", "26", "28").status()).isEqualTo(200);
    assertThat(journey.subjects(d.get(1)[0], d.get(1)[1], "29").status()).isEqualTo(200);
    for (String code : List.of("24", "26", "28")) assertThat(join(d.get(2), code).status()).isEqualTo(201);
    ApiResponse fourth = join(d.get(2), "29");
    assertThat(fourth.errorCode()).isEqualTo("INVALID_STATE");
    assertThat(fourth.json().getJsonObject("error").getString("message")).contains("3");
    assertThat(app.count("select count(*) from waitlist_entry where registration_id = $1::uuid", d.get(2)[1]))
      .isEqualTo(3);
  }

  @Test
  @DisplayName("bad input and someone else's registration change nothing")
  void badInput() {
    long center = staff.createCenter(admin, sid, "11", "B1", false, false, new JsonObject().put("24", 1));
    List<String[]> d = drafts(2, center);
    journey.subjects(d.get(0)[0], d.get(0)[1], "24");
    String url = "/api/v1/registrations/" + d.get(1)[1] + "/waitlist";
    ApiResponse noSubject = app.post(url, new JsonObject(), d.get(1)[0]);
    assertThat(noSubject.status()).isEqualTo(400);
    assertThat(noSubject.fieldErrors().getString("subject")).isNotBlank();
    assertThat(app.post(url, new JsonObject().put("subject", "2x"), d.get(1)[0]).fieldErrors().containsKey("subject"))
      .isTrue();
    assertThat(app.post(url, new JsonObject().put("subject", 24), d.get(1)[0]).status()).isEqualTo(400);
    assertThat(app.post(url, new JsonObject().put("subject", "99"), d.get(1)[0]).errorCode())
      .isEqualTo("VALIDATION_FAILED");
    assertThat(app.post(url, new JsonObject().put("subject", "24"), d.get(0)[0]).status()).as("not theirs").isEqualTo(404);
    assertThat(app.post(url, new JsonObject().put("subject", "24"), null).status()).isEqualTo(401);
    assertThat(app.get(url, d.get(0)[0]).status()).isEqualTo(404);
    assertThat(app.post(url + "/24/acceptance", new JsonObject(), d.get(1)[0]).errorCode()).isEqualTo("INVALID_STATE");
    assertThat(app.delete(url + "/ab", d.get(1)[0]).status()).isEqualTo(404);
    assertThat(app.count("select count(*) from waitlist_entry")).isZero();
  }

  @Test
  @DisplayName("a cancelled seat is offered to the first one waiting, not sold in the open pool; accepting holds it")
  void offerAndAccept() {
    long center = staff.createCenter(admin, sid, "11", "O1", false, false, new JsonObject().put("24", 1));
    List<String[]> d = drafts(4, center);
    String[] holder = d.get(0), first = d.get(1), second = d.get(2), open = d.get(3);
    assertThat(journey.subjects(holder[0], holder[1], "24").status()).isEqualTo(200);
    assertThat(join(first, "24").status()).isEqualTo(201);
    assertThat(join(second, "24").status()).isEqualTo(201);

    assertThat(cancel(holder).status()).isEqualTo(200);
    assertThat(state(first, "24")).isEqualTo("OFFERED");
    assertThat(taken(center, "24")).as("the offer keeps the seat").isEqualTo(1);
    assertThat(redisStock(center, "24")).as("Redis never saw it back").isZero();
    assertThat(journey.subjects(open[0], open[1], "24").errorCode()).isEqualTo("SEAT_SOLD_OUT");
    assertCountersHold();

    // The first in line reads English: the offer is written in the account's language.
    app.query("update account set lang = 'en' where id = (select account_id from registration where id = $1::uuid)",
      first[1]);
    assertThat(offersRun()).isEqualTo(1);
    assertThat(app.query("select subject from notification_outbox where channel = 'EMAIL' order by id desc limit 1")
      .iterator().next().getString(0)).startsWith("NCRE registration: a seat of subject 24");
    var offer = app.query("select offered_at, offer_expires_at from waitlist_entry where registration_id = $1::uuid",
      first[1]).iterator().next();
    assertThat(Duration.between(offer.getOffsetDateTime(0), offer.getOffsetDateTime(1))).isEqualTo(Duration.ofHours(1));
    assertThat(app.count("select count(*) from notification_outbox where channel = 'EMAIL' and recipient = "
      + "(select email from account where id = (select account_id from registration where id = $1::uuid))",
      first[1])).isOne();
    assertThat(app.count("select count(*) from audit_log where action = 'waitlist.offer'")).isOne();
    assertThat(offersRun()).as("an offer starts once").isZero();
    ApiResponse list = app.get("/api/v1/registrations/" + first[1] + "/waitlist", first[0]);
    assertThat(list.json().getJsonArray("entries").getJsonObject(0).getJsonObject("offer").getString("expiresAt"))
      .isNotBlank();

    assertThat(accept(second, "24").errorCode()).as("not theirs to accept").isEqualTo("INVALID_STATE");
    ApiResponse accepted = accept(first, "24");
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.json().getJsonArray("subjects").getJsonObject(0).getString("code")).isEqualTo("24");
    assertThat(state(first, "24")).isEqualTo("ACCEPTED");
    assertThat(app.count("select count(*) from registration_subject where registration_id = $1::uuid and state = 'HELD'",
      first[1])).isOne();
    assertThat(taken(center, "24")).isEqualTo(1);
    assertThat(redisStock(center, "24")).isZero();
    assertThat(accept(first, "24").errorCode()).as("accepted once").isEqualTo("INVALID_STATE");
    assertCountersHold();
    ApiResponse secondPlace = app.get("/api/v1/registrations/" + second[1] + "/waitlist", second[0]);
    assertThat(secondPlace.json().getJsonArray("entries").getJsonObject(0).getInteger("position")).isEqualTo(1);
  }

  @Test
  @DisplayName("an offer nobody accepts lapses once and moves on; with nobody left the seat returns to the pool")
  void lapses() {
    long center = staff.createCenter(admin, sid, "11", "L1", false, false, new JsonObject().put("24", 1));
    List<String[]> d = drafts(4, center);
    String[] holder = d.get(0), first = d.get(1), second = d.get(2), open = d.get(3);
    journey.subjects(holder[0], holder[1], "24");
    join(first, "24");
    join(second, "24");
    cancel(holder);
    offersRun();
    app.clock.advance(Duration.ofMinutes(61));
    assertThat(offersRun()).isOne();
    assertThat(state(first, "24")).isEqualTo("LAPSED");
    assertThat(state(second, "24")).isEqualTo("OFFERED");
    assertThat(app.count("select count(*) from waitlist_entry where registration_id = $1::uuid and offered_at is not null",
      second[1])).as("the next offer starts at once").isOne();
    assertThat(accept(first, "24").errorCode()).isEqualTo("INVALID_STATE");
    assertThat(taken(center, "24")).isEqualTo(1);
    assertCountersHold();

    app.clock.advance(Duration.ofMinutes(61));
    assertThat(offersRun()).isOne();
    assertThat(state(second, "24")).isEqualTo("LAPSED");
    assertThat(taken(center, "24")).isZero();
    assertThat(redisStock(center, "24")).isOne();
    assertThat(app.count("select count(*) from audit_log where action = 'waitlist.lapsed'")).isEqualTo(2);
    assertThat(journey.subjects(open[0], open[1], "24").status()).as("back in the open pool").isEqualTo(200);
    assertCountersHold();
  }

  @Test
  @DisplayName("declining an offer passes it on; a counter lost in Redis is rebuilt from Postgres, offers counted")
  void declineAndFlush() {
    long center = staff.createCenter(admin, sid, "11", "D1", false, false, new JsonObject().put("24", 1));
    List<String[]> d = drafts(4, center);
    String[] holder = d.get(0), first = d.get(1), second = d.get(2), open = d.get(3);
    journey.subjects(holder[0], holder[1], "24");
    join(first, "24");
    join(second, "24");
    // The counter lost in Redis (a flush or restart; sessions live in Redis too, so only the counter's keys go)
    String tag = "seats:{s" + sid + ":c" + center + ":24}:";
    TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(tag + "stock").arg(tag + "holders").arg(tag + "waiting")));
    cancel(holder);
    assertThat(state(first, "24")).isEqualTo("OFFERED");
    assertThat(app.delete("/api/v1/registrations/" + first[1] + "/waitlist/24", first[0]).status()).isEqualTo(204);
    assertThat(state(first, "24")).isEqualTo("DECLINED");
    assertThat(state(second, "24")).isEqualTo("OFFERED");
    assertThat(journey.subjects(open[0], open[1], "24").errorCode()).isEqualTo("SEAT_SOLD_OUT");
    assertThat(redisStock(center, "24")).as("rebuilt from Postgres: the offer counts").isZero();
    assertThat(accept(second, "24").status()).isEqualTo(200);
    assertCountersHold();
  }

  @Test
  @DisplayName("race: 10 seats given back while 15 wait and 30 race in the open pool; two offer jobs at once")
  void race() {
    long center = staff.createCenter(admin, sid, "11", "R1", false, false, new JsonObject().put("24", 10));
    List<String[]> holders = drafts(10, center);
    for (String[] h : holders) assertThat(journey.subjects(h[0], h[1], "24").status()).isEqualTo(200);
    List<String[]> waiting = drafts(15, center);
    for (String[] w : waiting) assertThat(join(w, "24").status()).isEqualTo(201);
    List<String[]> racers = drafts(30, center);

    List<Future<HttpResponse<Buffer>>> sends = new ArrayList<>();
    for (String[] h : holders) {
      sends.add(app.client().post("/api/v1/registrations/" + h[1] + "/cancellation").bearerTokenAuthentication(h[0])
        .sendJsonObject(new JsonObject()));
    }
    for (String[] r : racers) {
      sends.add(app.client().put("/api/v1/registrations/" + r[1] + "/subjects").bearerTokenAuthentication(r[0])
        .sendJsonObject(new JsonObject().put("subjects", new JsonArray().add("24"))));
    }
    TestApp.await(Future.join(sends));
    assertThat(sends.subList(0, 10)).allMatch(f -> f.result().statusCode() == 200);
    assertThat(app.count("select count(*) from registration_subject where center_id = $1", center))
      .as("no racer got a given-back seat").isZero();
    assertThat(app.count("select count(*) from waitlist_entry where state = 'OFFERED'")).isEqualTo(10);
    assertThat(app.count("""
      select count(*) from waitlist_entry w where w.state = 'OFFERED' and exists (select 1 from waitlist_entry x
        where x.center_id = w.center_id and x.state = 'WAITING' and (x.joined_at, x.id) < (w.joined_at, w.id))"""))
      .as("first come, first offered").isZero();
    assertCountersHold();

    // A second instance's offer job: its own pool (the test's), the same database.
    WaitlistOffers other = new WaitlistOffers(app.db(), app.main().services().notifier(),
      app.main().services().platform().i18n(), app.clock, Duration.ofHours(1));
    int[] started = TestApp.await(Future.all(app.main().services().waitlistOffers().runOnce(), other.runOnce()))
      .list().stream().mapToInt(o -> (Integer) o).toArray();
    assertThat(started[0] + started[1]).as("each offer started once").isEqualTo(10);
    assertThat(app.count("select count(*) from audit_log where action = 'waitlist.offer'")).isEqualTo(10);

    // Half accept at once; the rest lapse under two jobs at once: exactly once each, the seats move on.
    List<Future<HttpResponse<Buffer>>> accepts = new ArrayList<>();
    for (String[] w : waiting.subList(0, 5)) {
      accepts.add(app.client().post("/api/v1/registrations/" + w[1] + "/waitlist/24/acceptance")
        .bearerTokenAuthentication(w[0]).sendJsonObject(new JsonObject()));
    }
    TestApp.await(Future.join(accepts));
    assertThat(accepts).allMatch(f -> f.result().statusCode() == 200);
    app.clock.advance(Duration.ofMinutes(61));
    int[] lapsed = TestApp.await(Future.all(app.main().services().waitlistOffers().runOnce(), other.runOnce()))
      .list().stream().mapToInt(o -> (Integer) o).toArray();
    assertThat(app.count("select count(*) from audit_log where action = 'waitlist.lapsed'")).isEqualTo(5);
    assertThat(app.count("""
      select count(*) from (select target_id from audit_log where action = 'waitlist.lapsed'
        group by target_id having count(*) > 1) twice""")).as("an offer lapses exactly once").isZero();
    assertThat(lapsed[0] + lapsed[1]).isEqualTo(5);
    assertThat(app.count("select count(*) from waitlist_entry where state = 'OFFERED'")).as("the last 5 waiting")
      .isEqualTo(5);
    assertThat(app.count("select count(*) from waitlist_entry where state = 'WAITING'")).isZero();
    assertThat(taken(center, "24")).isEqualTo(10);
    assertCountersHold();
  }
}
