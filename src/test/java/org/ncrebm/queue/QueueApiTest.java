package org.ncrebm.queue;

import io.vertx.core.json.JsonObject;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The waiting room (S5): fair order, one entry per account, signed admissions in front of registration")
class QueueApiTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);
  private final Journey journey = new Journey(app);
  private String admin;
  private long sid;
  private long center;

  @BeforeEach
  void exam() {
    admin = staff.adminToken();
    sid = staff.createSession(admin, "2026年9月");
    center = staff.createCenter(admin, sid, "11", "110001", false, false, new JsonObject().put("24", 50).put("65", 50));
  }

  private String queue(String province) {
    return "/api/v1/exam-sessions/" + sid + "/provinces/" + province + "/queue";
  }

  private ApiResponse configure(String token, String province, JsonObject room) {
    return app.put("/api/v1/staff/exam-sessions/" + sid + "/provinces/" + province + "/waiting-room", room, token);
  }

  private void roomOn(int admitPerSecond, int admissionMinutes) {
    ApiResponse r = configure(admin, "11", new JsonObject().put("enabled", true).put("admitPerSecond", admitPerSecond)
      .put("admissionMinutes", admissionMinutes));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  private JsonObject enter(String token) {
    ApiResponse r = app.post(queue("11"), new JsonObject(), token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private JsonObject entry(String token) {
    ApiResponse r = app.get(queue("11"), token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** One admission tick: the clock moves on a second, so every call is a new tick. */
  private void tick() {
    app.clock.advance(Duration.ofSeconds(1));
    TestApp.await(app.main().services().queue().admitOnce());
  }

  private ApiResponse startWith(String token, String admission) {
    return app.send(app.client().post("/api/v1/registrations").bearerTokenAuthentication(token)
        .putHeader("X-Admission", admission == null ? "" : admission),
      new JsonObject().put("examSessionId", sid).put("centerId", center).put("agreementAccepted", true)
        .put("idType", "RESIDENT_ID").put("idNumber", TestIds.resident()));
  }

  /** A new session for an account, as a login opens it. */
  private String relogin(String accountId) {
    var platform = app.main().services().platform();
    var issued = TestApp.await(platform.sessions().create(new org.ncrebm.platform.auth.SessionStore.NewSession(
      org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, accountId, null, null, null, accountId)));
    return platform.auth().token(issued, org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, accountId);
  }

  private JsonObject admitted(String token) {
    JsonObject e = entry(token);
    assertThat(e.getString("state")).as(e.encode()).isEqualTo("ADMITTED");
    return e.getJsonObject("admission");
  }

  @Test
  @DisplayName("everyone who entered before the opening is in a random order, not the order they came in")
  void randomBeforeOpening() {
    // the room opens 15 minutes before the window: here in 5 minutes (sessions stay live: 30 minutes idle)
    Instant opens = app.clock.instant().plus(Duration.ofMinutes(20));
    staff.setWindow(admin, sid, "11", opens, opens.plus(Duration.ofDays(14)));
    roomOn(5, 30);
    List<String[]> people = candidates.seeded(40);
    for (String[] p : people) {
      JsonObject e = enter(p[1]);
      assertThat(e.getString("state")).isEqualTo("WAITING");
      app.clock.advance(Duration.ofSeconds(1));
    }
    List<Integer> positions = people.stream().map(p -> entry(p[1]).getInteger("position")).toList();
    assertThat(positions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 40).boxed().toList());
    // Entry order would be 1, 2, …, 40. Count pairs in the entry order's direction: about half for a shuffle,
    // all 780 for entry order; 600 or more is less likely than one in a million for a random order.
    int agreeing = 0;
    for (int i = 0; i < positions.size(); i++) {
      for (int j = i + 1; j < positions.size(); j++) {
        if (positions.get(i) < positions.get(j)) agreeing++;
      }
    }
    assertThat(agreeing).isLessThan(600).isGreaterThan(180);
    // opening: the order is kept, and later comers queue behind all of them
    app.clock.set(opens.minus(Duration.ofMinutes(15)).plusSeconds(1));
    String[] late = candidates.seeded(1).get(0);
    assertThat(enter(late[1]).getInteger("position")).isEqualTo(41);
    assertThat(people.stream().map(p -> entry(p[1]).getInteger("position")).toList()).isEqualTo(positions);
  }

  @Test
  @DisplayName("after the opening first come, first served; entering again gives the same entry and position")
  void firstComeAfterOpening() {
    staff.openWindow(admin, sid, "11");
    roomOn(5, 30);
    List<String[]> people = candidates.seeded(8);
    for (int i = 0; i < people.size(); i++) {
      JsonObject e = enter(people.get(i)[1]);
      assertThat(e.getInteger("position")).isEqualTo(i + 1);
      assertThat(e.getInteger("ahead")).isEqualTo(i);
      assertThat(e.getLong("etaSeconds")).isPositive();
      assertThat(e.getValue("admission")).isNull();
      app.clock.advance(Duration.ofMillis(3));
    }
    // a refresh, another device (a second session of the same account), a GET: the same place
    assertThat(enter(people.get(2)[1]).getInteger("position")).isEqualTo(3);
    assertThat(entry(people.get(2)[1]).getInteger("position")).isEqualTo(3);
    assertThat(app.count("select count(*) from waiting_room_entry where account_id = $1::uuid",
      people.get(2)[0])).isEqualTo(1);
  }

  @Test
  @DisplayName("no entry: 404 NOT_IN_QUEUE; room off: CLOSED and nothing recorded")
  void notInQueue() {
    staff.openWindow(admin, sid, "11");
    String[] c = candidates.seeded(1).get(0);
    assertThat(app.post(queue("11"), new JsonObject(), c[1]).json().getString("state")).isEqualTo("CLOSED");
    roomOn(5, 30);
    ApiResponse r = app.get(queue("11"), c[1]);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("NOT_IN_QUEUE");
    assertThat(app.count("select count(*) from waiting_room_entry")).isZero();
  }

  @Test
  @DisplayName("admitted in order at the room's rate, once per tick however often the job runs")
  void inOrderAtRate() {
    staff.openWindow(admin, sid, "11");
    roomOn(2, 30);
    List<String[]> people = candidates.seeded(5);
    for (String[] p : people) {
      enter(p[1]);
      app.clock.advance(Duration.ofMillis(2));
    }
    tick();
    // the same second again (another instance's job): nobody more
    TestApp.await(app.main().services().queue().admitOnce());
    assertThat(entry(people.get(0)[1]).getString("state")).isEqualTo("ADMITTED");
    assertThat(entry(people.get(1)[1]).getString("state")).isEqualTo("ADMITTED");
    JsonObject third = entry(people.get(2)[1]);
    assertThat(third.getString("state")).isEqualTo("WAITING");
    assertThat(third.getInteger("position")).isEqualTo(1);
    assertThat(app.count("select count(*) from waiting_room_entry where admitted_until is not null")).isEqualTo(2);
  }

  @Test
  @DisplayName("while the room is on, starting a registration needs this account's admission: none, another's, or expired is 409 ADMISSION_REQUIRED")
  void admissionRequired() {
    staff.openWindow(admin, sid, "11");
    roomOn(10, 20);
    List<String[]> people = candidates.seeded(2);
    String[] me = people.get(0);
    String[] other = people.get(1);
    enter(me[1]);
    enter(other[1]);

    ApiResponse none = startWith(me[1], null);
    assertThat(none.status()).isEqualTo(409);
    assertThat(none.errorCode()).isEqualTo("ADMISSION_REQUIRED");
    assertThat(none.json().getJsonObject("error").getString("queue")).isEqualTo(queue("11"));
    assertThat(none.json().getJsonObject("error").getString("queuePage")).isEqualTo("/queue/" + sid + "/11");
    assertThat(startWith(me[1], "v1.forged.token").errorCode()).isEqualTo("ADMISSION_REQUIRED");

    tick();
    String mine = admitted(me[1]).getString("token");
    String others = admitted(other[1]).getString("token");
    assertThat(startWith(me[1], others).errorCode()).isEqualTo("ADMISSION_REQUIRED");
    // a token for another window is refused too
    String tampered = mine.replace("." + sid + ".11.", "." + sid + ".12.");
    assertThat(startWith(me[1], tampered).errorCode()).isEqualTo("ADMISSION_REQUIRED");
    assertThat(app.count("select count(*) from registration")).isZero();

    // the admitted candidate starts and holds a seat with their own admission
    ApiResponse started = startWith(me[1], mine);
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    String rid = started.json().getString("id");
    ApiResponse held = app.send(app.client().put("/api/v1/registrations/" + rid + "/subjects")
      .bearerTokenAuthentication(me[1]).putHeader("X-Admission", mine), new JsonObject().put("subjects",
      new io.vertx.core.json.JsonArray().add("24")));
    assertThat(held.status()).as(held.toString()).isEqualTo(200);
    assertThat(held.json().getJsonArray("subjects").getJsonObject(0).getString("state")).isEqualTo("HELD");
    ApiResponse without = journey.subjects(me[1], rid, "24", "65");
    assertThat(without.errorCode()).isEqualTo("ADMISSION_REQUIRED");
    // a move to another center takes seats there, so it waits in the same line: refused without the admission,
    // and nothing moved
    long second = staff.createCenter(admin, sid, "11", "110002", false, false, new JsonObject().put("24", 50));
    ApiResponse moveWithout = app.post("/api/v1/registrations/" + rid + "/center-change",
      new JsonObject().put("centerId", second), me[1]);
    assertThat(moveWithout.status()).isEqualTo(409);
    assertThat(moveWithout.errorCode()).isEqualTo("ADMISSION_REQUIRED");
    assertThat(app.count("select count(*) from registration_subject where center_id = $1", second)).isZero();
    ApiResponse moved = app.send(app.client().post("/api/v1/registrations/" + rid + "/center-change")
      .bearerTokenAuthentication(me[1]).putHeader("X-Admission", mine), new JsonObject().put("centerId", second));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(app.count("select count(*) from registration_subject where center_id = $1", second)).isEqualTo(1);

    // after admissionMinutes the admission is spent
    app.clock.advance(Duration.ofMinutes(21));
    assertThat(startWith(other[1], others).errorCode()).isEqualTo("ADMISSION_REQUIRED");
    assertThat(entry(other[1]).getString("state")).isEqualTo("CLOSED");
    // entering again queues at the back, after the room's current line
    assertThat(enter(other[1]).getString("state")).isEqualTo("WAITING");

    // room off: no admission needed
    configure(admin, "11", new JsonObject().put("enabled", false));
    assertThat(startWith(other[1], null).status()).isEqualTo(201);
  }

  @Test
  @DisplayName("a Redis flush mid-queue: the room is rebuilt from Postgres with the same order and admissions")
  void flushMidQueue() {
    staff.openWindow(admin, sid, "11");
    roomOn(3, 30);
    List<String[]> people = new ArrayList<>(candidates.seeded(9));
    for (String[] p : people) {
      enter(p[1]);
      app.clock.advance(Duration.ofMillis(2));
    }
    tick();
    List<JsonObject> before = new ArrayList<>();
    people.forEach(p -> before.add(entry(p[1])));

    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    // the flush ended every session too (they live in Redis): everyone logs in again
    people.replaceAll(p -> new String[]{p[0], relogin(p[0])});
    admin = staff.adminToken();

    for (int i = 0; i < people.size(); i++) {
      JsonObject after = entry(people.get(i)[1]);
      assertThat(after.getString("state")).isEqualTo(before.get(i).getString("state"));
      assertThat(after.getInteger("position")).isEqualTo(before.get(i).getInteger("position"));
    }
    ApiResponse room = app.get("/api/v1/staff/exam-sessions/" + sid + "/provinces/11/waiting-room", admin);
    assertThat(room.json().getJsonObject("stats").getLong("admitted")).isEqualTo(3);
    assertThat(room.json().getJsonObject("stats").getLong("waiting")).isEqualTo(6);
    // admissions go on in the same order
    tick();
    assertThat(entry(people.get(3)[1]).getString("state")).isEqualTo("ADMITTED");
    assertThat(entry(people.get(6)[1]).getInteger("position")).isEqualTo(1);
  }

  @Test
  @DisplayName("the rate halves while the seat path falls behind and climbs back when it keeps up")
  void rateFollowsBacklog() {
    staff.openWindow(admin, sid, "11");
    roomOn(8, 30);
    List<String[]> people = candidates.seeded(60);
    people.forEach(p -> enter(p[1]));
    QueueService queue = app.main().services().queue();
    try {
      // a seat-write backlog far above its high mark: the first tick admits at the set rate, then it halves
      queue.useSignals(() -> new AdmissionRate.Signals(0, 0, 500));
      tick();
      tick();
      tick();
      JsonObject stats = app.get("/api/v1/staff/exam-sessions/" + sid + "/provinces/11/waiting-room", admin).json()
        .getJsonObject("stats");
      assertThat(stats.getDouble("admitPerSecondNow")).isEqualTo(2.0);
      assertThat(stats.getLong("admitted")).isEqualTo(8 + 4 + 2);
      // calm again: additive increase by a tenth of the set rate per tick, at least one
      queue.useSignals(() -> AdmissionRate.Signals.CALM);
      tick();
      stats = app.get("/api/v1/staff/exam-sessions/" + sid + "/provinces/11/waiting-room", admin).json()
        .getJsonObject("stats");
      assertThat(stats.getDouble("admitPerSecondNow")).isEqualTo(3.0);
      assertThat(stats.getLong("admitted")).isEqualTo(14 + 3);
      String metrics = app.get("/metrics", null).body();
      assertThat(metrics).contains("ncre_queue_rate{province=\"11\",session=\"" + sid + "\"} 3.0")
        .contains("ncre_queue_admitted{province=\"11\",session=\"" + sid + "\"} 17.0");
    } finally {
      queue.useSignals(() -> AdmissionRate.Signals.CALM);
    }
  }

  @Test
  @DisplayName("national and the province's own office set the room up (audited); others are refused with 403")
  void scope() {
    staff.openWindow(admin, sid, "11");
    staff.openWindow(admin, sid, "12");
    staff.createStaff(admin, "bjadmin", "PROVINCE_ADMIN", "11", null);
    staff.createStaff(admin, "tjadmin", "PROVINCE_ADMIN", "12", null);
    staff.createStaff(admin, "center1", "CENTER_STAFF", null, center);
    String bj = staff.login("bjadmin", Staff.PASSWORD);
    String tj = staff.login("tjadmin", Staff.PASSWORD);
    String c1 = staff.login("center1", Staff.PASSWORD);
    JsonObject on = new JsonObject().put("enabled", true).put("admitPerSecond", 50);
    assertThat(configure(tj, "11", on).status()).isEqualTo(403);
    assertThat(configure(c1, "11", on).status()).isEqualTo(403);
    assertThat(app.get("/api/v1/staff/exam-sessions/" + sid + "/provinces/11/waiting-room", tj).status()).isEqualTo(403);
    String[] candidate = candidates.seeded(1).get(0);
    assertThat(configure(candidate[1], "11", on).status()).isIn(401, 403);
    ApiResponse ok = configure(bj, "11", on);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    JsonObject room = ok.json().getJsonObject("waitingRoom");
    assertThat(room.getBoolean("enabled")).isTrue();
    assertThat(room.getInteger("admitPerSecond")).isEqualTo(50);
    assertThat(room.getInteger("admissionMinutes")).isEqualTo(30);
    assertThat(room.getBoolean("opensAtDefault")).isTrue();
    assertThat(app.count("select count(*) from audit_log where action = 'queue.configure' and province_code = '11'"))
      .isEqualTo(1);
    assertThat(configure(tj, "12", on).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("bad input is 400 (or 415); a malformed or unknown window is 404, as any unknown id; nothing changes")
  void badInput() {
    staff.openWindow(admin, sid, "11");
    String[] c = candidates.seeded(1).get(0);
    assertThat(app.post("/api/v1/exam-sessions/abc/provinces/11/queue", new JsonObject(), c[1]).status()).isEqualTo(404);
    assertThat(app.post("/api/v1/exam-sessions/" + sid + "/provinces/1x/queue", new JsonObject(), c[1]).status())
      .isEqualTo(404);
    assertThat(app.get("/api/v1/exam-sessions/" + sid + "/provinces/99/queue", c[1]).status()).isEqualTo(404);
    assertThat(app.post(queue("11"), new JsonObject(), null).status()).isEqualTo(401);
    ApiResponse zero = configure(admin, "11", new JsonObject().put("enabled", true).put("admitPerSecond", 0));
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.fieldErrors().containsKey("admitPerSecond")).isTrue();
    ApiResponse noFlag = configure(admin, "11", new JsonObject().put("admitPerSecond", 5));
    assertThat(noFlag.fieldErrors().containsKey("enabled")).isTrue();
    ApiResponse when = configure(admin, "11", new JsonObject().put("enabled", true).put("opensAt", "tomorrow"));
    assertThat(when.fieldErrors().containsKey("opensAt")).isTrue();
    ApiResponse late = configure(admin, "11", new JsonObject().put("enabled", true)
      .put("opensAt", app.clock.instant().plus(Duration.ofDays(30)).toString()));
    assertThat(late.status()).isEqualTo(400);
    assertThat(late.fieldErrors().containsKey("opensAt")).isTrue();
    ApiResponse text = app.send(app.client().put("/api/v1/staff/exam-sessions/" + sid + "/provinces/11/waiting-room")
      .bearerTokenAuthentication(admin).putHeader("Content-Type", "text/plain"), null);
    assertThat(text.status()).isEqualTo(415);
    assertThat(configure(admin, "13", new JsonObject().put("enabled", true)).status()).isEqualTo(404);
    assertThat(app.count("select count(*) from waiting_room")).isZero();
  }
}
