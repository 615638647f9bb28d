package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drill set-up: an open session, a center with scarce seats, many drafts ready to race, and the invariant checks. */
final class SeatRace {
  final TestApp app;
  long sid;
  long center;

  SeatRace(TestApp app) {
    this.app = app;
  }

  void setUp(JsonObject capacities) {
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "S" + System.nanoTime());
    staff.openWindow(admin, sid, "11");
    center = staff.createCenter(admin, sid, "11", "H" + (System.nanoTime() % 100000), false, false, capacities);
  }

  /** [accountId, token, registrationId] of drafts at the center, started in parallel through the API. */
  List<String[]> drafts(int n) {
    List<String[]> seeded = new Candidates(app).seeded(n);
    List<Future<HttpResponse<Buffer>>> starts = new ArrayList<>();
    for (String[] c : seeded) {
      starts.add(app.client().post("/api/v1/registrations").bearerTokenAuthentication(c[1])
        .sendJsonObject(new JsonObject().put("examSessionId", sid).put("centerId", center).put("agreementAccepted", true)
          .put("idType", "RESIDENT_ID").put("idNumber", TestIds.resident())));
    }
    TestApp.await(Future.all(starts));
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assertThat(starts.get(i).result().statusCode()).as(starts.get(i).result().bodyAsString()).isEqualTo(201);
      out.add(new String[]{seeded.get(i)[0], seeded.get(i)[1], starts.get(i).result().bodyAsJsonObject().getString("id")});
    }
    return out;
  }

  /** Every draft asks for the subjects at once; the futures of the answers. */
  List<Future<HttpResponse<Buffer>>> race(WebClient client, List<String[]> drafts, String... subjects) {
    List<Future<HttpResponse<Buffer>>> sends = new ArrayList<>();
    for (String[] d : drafts) {
      sends.add(client.put("/api/v1/registrations/" + d[2] + "/subjects").bearerTokenAuthentication(d[1])
        .sendJsonObject(new JsonObject().put("subjects", new JsonArray(List.of((Object[]) subjects)))));
    }
    TestApp.await(Future.join(sends));
    return sends;
  }

  /** The same drafts with a new session each (after a Redis flush took the sessions with it). */
  List<String[]> newSessions(List<String[]> drafts) {
    var platform = app.main().services().platform();
    List<String[]> out = new ArrayList<>();
    for (String[] d : drafts) {
      var issued = TestApp.await(platform.sessions().create(new org.ncrebm.platform.auth.SessionStore.NewSession(
        org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, d[0], null, null, null, "x")));
      out.add(new String[]{d[0], platform.auth().token(issued, org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, d[0]),
        d[2]});
    }
    return out;
  }

  static long count(List<Future<HttpResponse<Buffer>>> sends, int status) {
    return sends.stream().filter(f -> f.succeeded() && f.result().statusCode() == status).count();
  }

  /** What each send ended as, for assertion messages: a status code and error code, or the transport failure. */
  static String outcomes(List<Future<HttpResponse<Buffer>>> sends) {
    return sends.stream().map(f -> f.failed() ? "failed: " + f.cause()
        : f.result().statusCode() + (f.result().statusCode() >= 400 ? " " + f.result().bodyAsString() : ""))
      .collect(java.util.stream.Collectors.groupingBy(o -> o, java.util.TreeMap::new,
        java.util.stream.Collectors.counting())).toString();
  }

  static long errorCount(List<Future<HttpResponse<Buffer>>> sends, String code) {
    return sends.stream().filter(f -> f.succeeded() && f.result().statusCode() >= 400
      && code.equals(f.result().bodyAsJsonObject().getJsonObject("error").getString("code"))).count();
  }

  /** Postgres' truth: rows held or confirmed for a subject at the center. */
  long rows(String subject) {
    return app.count("select count(*) from registration_subject where center_id = $1 and subject_code = $2", center, subject);
  }

  /** The invariants that must hold whatever happened: counters equal rows, never above capacity, one seat per person. */
  void assertInvariants() {
    assertThat(app.count("select count(*) from center_capacity k where k.taken <> (select count(*) from "
      + "registration_subject s where s.center_id = k.center_id and s.subject_code = k.subject_code)")).isZero();
    assertThat(app.count("select count(*) from center_capacity where taken > capacity")).isZero();
    assertThat(app.count("select count(*) from (select exam_session_id, id_digest, subject_code from registration_subject "
      + "group by 1, 2, 3 having count(*) > 1) x")).isZero();
    assertThat(app.count("select count(*) from (select account_id, exam_session_id from registration where status not in "
      + "('CANCELLED', 'EXPIRED') group by 1, 2 having count(*) > 1) x")).isZero();
  }

  SeatGate.Counter counter(String subject) {
    return new SeatGate.Counter(sid, center, subject);
  }

  /** The Redis counter: [stock, holders, waiting] (waiting: the eligible entries on its waiting list). */
  long[] redis(String subject) {
    return TestApp.await(new SeatGate(app.main().services().platform().redis(), app.main().services().platform().scripts(),
      app.main().services().platform().pool(), new Breaker(), app.clock).peek(counter(subject)));
  }
}
