package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subject choices written set-wise (issue 15): the choices that queue behind a center's running seat transaction go
 * together as one transaction of a few statements, through the API, with every row a choice writes alone (seat,
 * counters, hold deadline, audit record) and one failing choice answered alone.
 */
@DisplayName("Seat batches: queued subject choices written set-wise in one transaction, a failure answered alone")
class SeatBatchesTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final SeatRace race = new SeatRace(app);

  private Future<HttpResponse<Buffer>> choose(String[] draft, String... subjects) {
    return app.client().put("/api/v1/registrations/" + draft[2] + "/subjects").bearerTokenAuthentication(draft[1])
      .sendJsonObject(new JsonObject().put("subjects", new JsonArray(List.of((Object[]) subjects))));
  }

  private int waiting() {
    return app.main().services().registrations().front().seatWritesWaiting();
  }

  /** The seat transactions written so far and the choices they carried ({@code ncre.seats.write.batch}). */
  private long[] batches() {
    long[] out = new long[2];
    for (String line : app.get("/metrics", null).body().toString().split("\n")) {
      if (line.startsWith("ncre_seats_write_batch_count ")) out[0] = (long) Double.parseDouble(line.split(" ")[1]);
      if (line.startsWith("ncre_seats_write_batch_sum ")) out[1] = (long) Double.parseDouble(line.split(" ")[1]);
    }
    return out;
  }

  /**
   * {@code first} runs alone and waits on the capacity row of 24 (locked by this test), {@code queued} arrive while
   * it waits and queue behind it; then the row is released. The answers of {@code queued}, in order.
   */
  private List<HttpResponse<Buffer>> behindABlockedOne(String[] first, List<Future<HttpResponse<Buffer>>> queued,
                                                      Runnable send, int expectedWaiting) {
    SqlConnection blocker = TestApp.await(app.db().getConnection());
    try {
      TestApp.await(blocker.query("begin").execute());
      TestApp.await(blocker.preparedQuery("select 1 from center_capacity where center_id = $1 and subject_code = '24' "
        + "for update").execute(Tuple.of(race.center)));
      Future<HttpResponse<Buffer>> running = choose(first, "24");
      send.run();
      // the queued ones reach the writer while the first one waits for the row (a condition, not a time)
      for (int i = 0; i < 2_000 && waiting() < expectedWaiting; i++) {
        TestApp.await(app.vertx().timer(5));
      }
      assertThat(waiting()).as("choices queued behind the running one").isEqualTo(expectedWaiting);
      TestApp.await(blocker.query("commit").execute());
      assertThat(TestApp.await(running).statusCode()).isEqualTo(200);
    } finally {
      blocker.close();
    }
    TestApp.await(Future.join(new ArrayList<>(queued)));
    return queued.stream().map(Future::result).toList();
  }

  @Test
  @DisplayName("eleven choices queued behind a running one: one transaction of eleven, with takes, a drop and a keep")
  void queuedChoicesGoTogether() {
    race.setUp(new JsonObject().put("24", 50).put("28", 50));
    List<String[]> drafts = race.drafts(12);
    // two candidates hold 25 first: in the batch one drops it for 24, the other keeps it and adds 24
    assertThat(TestApp.await(choose(drafts.get(0), "28")).statusCode()).isEqualTo(200);
    assertThat(TestApp.await(choose(drafts.get(1), "28")).statusCode()).isEqualTo(200);
    long[] before = batches();
    List<Future<HttpResponse<Buffer>>> queued = new ArrayList<>();
    List<HttpResponse<Buffer>> answers = behindABlockedOne(drafts.get(11), queued, () -> {
      queued.add(choose(drafts.get(0), "24"));
      queued.add(choose(drafts.get(1), "24", "28"));
      for (String[] d : drafts.subList(2, 11)) queued.add(choose(d, "24"));
    }, 11);
    long[] after = batches();
    assertThat(after[0] - before[0]).as("seat transactions: the running one, then one for the queued").isEqualTo(2);
    assertThat(after[1] - before[1]).as("choices they carried").isEqualTo(12);
    for (HttpResponse<Buffer> a : answers) assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(200);
    assertThat(subjects(answers.get(0))).containsExactly("24");
    assertThat(subjects(answers.get(1))).containsExactly("24", "28");
    assertThat(subjects(answers.get(5))).containsExactly("24");
    // Postgres: every row each choice writes alone
    assertThat(race.rows("24")).isEqualTo(12);
    assertThat(race.rows("28")).isEqualTo(1);
    assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '28'", race.center))
      .isEqualTo(1);
    assertThat(app.count("select total_taken from test_center where id = $1", race.center)).isEqualTo(13);
    for (String[] d : drafts) {
      var r = app.query("select hold_expires_at from registration where id = $1::uuid", d[2]).iterator().next();
      assertThat(r.getOffsetDateTime("hold_expires_at")).as("hold deadline of %s", d[2]).isNotNull();
    }
    var dropped = app.query("select before, after, actor_id, province_code from audit_log where action = "
      + "'registration.subjects' and target_id = $1 order by id desc limit 1", drafts.get(0)[2]).iterator().next();
    assertThat(dropped.getJsonObject("before")).isEqualTo(new JsonObject().put("subjects", new JsonArray().add("28")));
    assertThat(dropped.getJsonObject("after")).isEqualTo(new JsonObject().put("subjects", new JsonArray().add("24")));
    assertThat(dropped.getString("actor_id")).isEqualTo(drafts.get(0)[0]);
    assertThat(dropped.getString("province_code")).isEqualTo("11");
    assertThat(app.count("select count(*) from audit_log where action = 'registration.subjects' and target_id = any($1)",
      (Object) drafts.stream().map(d -> d[2]).toArray(String[]::new))).isEqualTo(14);
    // the gate counted the same seats
    assertThat(race.redis("24")[1]).isEqualTo(12);
    race.assertInvariants();
  }

  @Test
  @DisplayName("two accounts with one ID number in the same batch: one seat, the other SUBJECT_TAKEN with nothing written, the rest unharmed")
  void oneFailureInABatch() {
    race.setUp(new JsonObject().put("24", 50));
    List<String[]> drafts = race.drafts(8);
    String id = TestIds.resident();
    List<String[]> twins = new ArrayList<>();
    Journey journey = new Journey(app);
    for (String[] c : new Candidates(app).seeded(2)) {
      twins.add(new String[]{c[0], c[1], journey.startOk(c[1], race.sid, race.center, id)});
    }
    List<Future<HttpResponse<Buffer>>> queued = new ArrayList<>();
    List<HttpResponse<Buffer>> answers = behindABlockedOne(drafts.get(7), queued, () -> {
      for (String[] d : drafts.subList(0, 7)) queued.add(choose(d, "24"));
      for (String[] t : twins) queued.add(choose(t, "24"));
    }, 9);
    for (HttpResponse<Buffer> a : answers.subList(0, 7)) assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(200);
    List<HttpResponse<Buffer>> twinAnswers = answers.subList(7, 9);
    assertThat(twinAnswers.stream().filter(a -> a.statusCode() == 200).count()).isEqualTo(1);
    HttpResponse<Buffer> lost = twinAnswers.stream().filter(a -> a.statusCode() != 200).findFirst().orElseThrow();
    assertThat(lost.statusCode()).isEqualTo(409);
    assertThat(lost.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("SUBJECT_TAKEN");
    String loser = twins.get(twinAnswers.get(0).statusCode() == 200 ? 1 : 0)[2];
    assertThat(app.count("select count(*) from registration_subject where registration_id = $1::uuid", loser)).isZero();
    assertThat(app.count("select count(*) from audit_log where action = 'registration.subjects' and target_id = $1",
      loser)).isZero();
    assertThat(app.query("select hold_expires_at from registration where id = $1::uuid", loser).iterator().next()
      .getOffsetDateTime("hold_expires_at")).isNull();
    assertThat(race.rows("24")).isEqualTo(9);
    // the gate gave the loser's seat back
    assertThat(race.redis("24")[1]).isEqualTo(9);
    race.assertInvariants();
  }

  @Test
  @DisplayName("the choice's answer shows the fee from the session kept for a second, and a fee changed through this instance at once")
  void feeInTheAnswer() {
    race.setUp(new JsonObject().put("24", 50).put("28", 50));
    List<String[]> drafts = race.drafts(2);
    HttpResponse<Buffer> first = TestApp.await(choose(drafts.get(0), "24"));
    assertThat(first.bodyAsJsonObject().getInteger("amountFen")).isEqualTo(9000);
    String admin = new org.ncrebm.support.Staff(app).adminToken();
    var saved = app.put("/api/v1/staff/exam-sessions/" + race.sid + "/subjects/24", new JsonObject()
      .put("name", "二级C语言程序设计").put("level", 2).put("feeFen", 9500), admin);
    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    HttpResponse<Buffer> second = TestApp.await(choose(drafts.get(1), "24", "28"));
    assertThat(second.bodyAsJsonObject().getInteger("amountFen")).isEqualTo(9500 + 9000);
  }

  private static List<String> subjects(HttpResponse<Buffer> answer) {
    List<String> out = new ArrayList<>();
    answer.bodyAsJsonObject().getJsonArray("subjects").forEach(s -> out.add(s instanceof JsonObject o
      ? o.getString("code") : String.valueOf(s)));
    return out;
  }
}
