package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The registration invariants under contention, asserted from the database afterwards. */
@DisplayName("Registration under concurrency: the database keeps every invariant")
class RegistrationConcurrencyTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);
  private final Journey journey = new Journey(app);
  private long sid;
  private String admin;

  @BeforeEach
  void setUp() {
    admin = staff.adminToken();
    sid = staff.createSession(admin, "S");
    staff.openWindow(admin, sid, "11");
  }

  /** Registrations started (each its own account), ready for subjects: [token, registration id]. */
  private List<String[]> drafts(int n, long center) {
    List<String[]> seeded = candidates.seeded(n);
    List<Future<HttpResponse<Buffer>>> starts = new ArrayList<>();
    for (String[] c : seeded) {
      starts.add(app.client().post("/api/v1/registrations").bearerTokenAuthentication(c[1])
        .sendJsonObject(new JsonObject().put("examSessionId", sid).put("centerId", center).put("agreementAccepted", true)
          .put("idType", "RESIDENT_ID").put("idNumber", TestIds.resident())));
    }
    TestApp.await(Future.all(starts));
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assertThat(starts.get(i).result().statusCode()).isEqualTo(201);
      out.add(new String[]{seeded.get(i)[1], starts.get(i).result().bodyAsJsonObject().getString("id")});
    }
    return out;
  }

  private List<Future<HttpResponse<Buffer>>> holdAll(List<String[]> drafts, JsonArray subjects) {
    List<Future<HttpResponse<Buffer>>> sends = new ArrayList<>();
    for (String[] d : drafts) {
      sends.add(app.client().put("/api/v1/registrations/" + d[1] + "/subjects").bearerTokenAuthentication(d[0])
        .sendJsonObject(new JsonObject().put("subjects", subjects)));
    }
    TestApp.await(Future.join(sends));
    return sends;
  }

  private static long count(List<Future<HttpResponse<Buffer>>> sends, int status) {
    return sends.stream().filter(f -> f.succeeded() && f.result().statusCode() == status).count();
  }

  @Test
  @DisplayName("100 candidates racing for a subject with 10 seats: exactly 10 hold it, the rest got SEAT_SOLD_OUT")
  void race() {
    long center = staff.createCenter(admin, sid, "11", "R1", false, false, new JsonObject().put("24", 10));
    List<Future<HttpResponse<Buffer>>> sends = holdAll(drafts(100, center), new JsonArray().add("24"));
    assertThat(count(sends, 200)).isEqualTo(10);
    assertThat(sends.stream().filter(f -> f.result().statusCode() == 409).allMatch(f ->
      f.result().bodyAsJsonObject().getJsonObject("error").getString("code").equals("SEAT_SOLD_OUT"))).isTrue();
    assertThat(count(sends, 409)).isEqualTo(90);
    assertThat(app.count("select count(*) from registration_subject where center_id = $1", center)).isEqualTo(10);
    assertThat(app.count("select taken from center_capacity where center_id = $1", center)).isEqualTo(10);
  }

  @Test
  @DisplayName("a multi-subject choice under contention takes all its subjects or none")
  void allOrNothing() {
    long center = staff.createCenter(admin, sid, "11", "R2", false, false,
      new JsonObject().put("24", 5).put("28", 30));
    List<Future<HttpResponse<Buffer>>> sends = holdAll(drafts(20, center), new JsonArray().add("28").add("24"));
    assertThat(count(sends, 200)).isEqualTo(5);
    assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '28'", center))
      .isEqualTo(5);
    assertThat(app.count("select count(*) from registration r where r.center_id = $1 and "
      + "(select count(*) from registration_subject s where s.registration_id = r.id) = 1", center)).isZero();
  }

  @Test
  @DisplayName("the same ID number from two accounts cannot take the same subject; other subjects are fine")
  void sameIdTwoAccounts() {
    long center = staff.createCenter(admin, sid, "11", "R3", false, false, new JsonObject().put("24", 10).put("28", 10));
    String id = TestIds.resident();
    List<String[]> two = candidates.seeded(2);
    String a = two.get(0)[1];
    String b = two.get(1)[1];
    String ra = journey.startOk(a, sid, center, id);
    String rb = journey.startOk(b, sid, center, id);
    List<Future<HttpResponse<Buffer>>> both = new ArrayList<>();
    both.add(app.client().put("/api/v1/registrations/" + ra + "/subjects").bearerTokenAuthentication(a)
      .sendJsonObject(new JsonObject().put("subjects", new JsonArray().add("24"))));
    both.add(app.client().put("/api/v1/registrations/" + rb + "/subjects").bearerTokenAuthentication(b)
      .sendJsonObject(new JsonObject().put("subjects", new JsonArray().add("24"))));
    TestApp.await(Future.join(both));
    assertThat(count(both, 200)).isEqualTo(1);
    assertThat(both.stream().filter(f -> f.result().statusCode() == 409).findFirst().orElseThrow().result()
      .bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("SUBJECT_TAKEN");
    assertThat(app.count("select count(*) from registration_subject where subject_code = '24'")).isEqualTo(1);
    String loser = both.get(0).result().statusCode() == 200 ? rb : ra;
    String loserToken = loser.equals(ra) ? a : b;
    // the winner's hold deadline, audit row and seat were written together (one statement), the loser's not at all
    String winner = loser.equals(ra) ? rb : ra;
    assertThat(app.count("select count(*) from audit_log where action = 'registration.subjects' and target_id = $1 "
      + "and before = '{\"subjects\":[]}'::jsonb and after = '{\"subjects\":[\"24\"]}'::jsonb and province_code = '11'",
      winner)).isEqualTo(1);
    assertThat(app.count("select count(*) from audit_log where action = 'registration.subjects' and target_id = $1",
      loser)).isZero();
    assertThat(app.count("select count(*) from registration where id = $1::uuid and hold_expires_at is not null", winner))
      .isEqualTo(1);
    assertThat(app.count("select count(*) from registration where id = $1::uuid and hold_expires_at is null", loser))
      .isEqualTo(1);
    assertThat(journey.subjects(loserToken, loser, "28").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("two tabs submitting at once: one submission, the other INVALID_STATE")
  void twoTabs() {
    long center = staff.createCenter(admin, sid, "11", "R4", true, false, new JsonObject().put("24", 10));
    String token = candidates.seeded(1).get(0)[1];
    String id = journey.ready(token, sid, center, "24");
    List<Future<HttpResponse<Buffer>>> tabs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      tabs.add(app.client().post("/api/v1/registrations/" + id + "/submission").bearerTokenAuthentication(token).send());
    }
    TestApp.await(Future.join(tabs));
    assertThat(count(tabs, 200)).isEqualTo(1);
    assertThat(count(tabs, 409)).isEqualTo(1);
    assertThat(app.count("select count(*) from audit_log where action = 'registration.submit'")).isEqualTo(1);
  }

  @Test
  @DisplayName("changes of center under contention keep every count exact")
  void centerChangesUnderContention() {
    long a = staff.createCenter(admin, sid, "11", "CA", false, false, new JsonObject().put("24", 15).put("28", 15));
    long b = staff.createCenter(admin, sid, "11", "CB", false, false, new JsonObject().put("24", 15).put("28", 15));
    List<String[]> atA = drafts(12, a);
    List<String[]> atB = drafts(12, b);
    holdAll(atA, new JsonArray().add("24").add("28"));
    holdAll(atB, new JsonArray().add("24").add("28"));
    List<Future<HttpResponse<Buffer>>> moves = new ArrayList<>();
    for (String[] d : atA) {
      moves.add(app.client().post("/api/v1/registrations/" + d[1] + "/center-change").bearerTokenAuthentication(d[0])
        .sendJsonObject(new JsonObject().put("centerId", b)));
    }
    for (String[] d : atB) {
      moves.add(app.client().post("/api/v1/registrations/" + d[1] + "/center-change").bearerTokenAuthentication(d[0])
        .sendJsonObject(new JsonObject().put("centerId", a)));
    }
    TestApp.await(Future.join(moves));
    assertThat(moves.stream().allMatch(f -> f.succeeded() && (f.result().statusCode() == 200
      || f.result().statusCode() == 409 || f.result().statusCode() == 503))).isTrue();
    for (long center : new long[]{a, b}) {
      for (String subject : new String[]{"24", "28"}) {
        long rows = app.count("select count(*) from registration_subject where center_id = $1 and subject_code = $2",
          center, subject);
        long taken = app.count("select taken from center_capacity where center_id = $1 and subject_code = $2",
          center, subject);
        assertThat(taken).as("center %d subject %s", center, subject).isEqualTo(rows).isLessThanOrEqualTo(15);
      }
    }
    assertThat(app.count("select count(*) from registration_subject")).isEqualTo(48);
    assertThat(app.count("select count(*) from registration r where r.center_id <> all(select s.center_id "
      + "from registration_subject s where s.registration_id = r.id)")).isZero();
  }
}
