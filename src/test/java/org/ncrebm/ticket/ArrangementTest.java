package org.ncrebm.ticket;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.app.MainVerticle;
import org.ncrebm.support.TestApp;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Arranging a center: every paid candidate one seat, idempotent, resumable, refunds free a seat")
class ArrangementTest {
  @RegisterExtension
  static final TestApp app = TicketFlowFixture.app();
  private final TicketFlowFixture fx = new TicketFlowFixture(app);
  private final Instant paid = Instant.parse("2026-11-01T08:00:00Z");

  @BeforeEach
  void setUp() {
    fx.setUp();
    fx.savePlan();
    // 15 candidates of subject 24 and 7 of subject 65, three of them taking both.
    fx.bulkPaid(12, paid, "24");
    fx.bulkPaid(3, paid.plusSeconds(100), "24", "65");
    fx.bulkPaid(4, paid.plusSeconds(200), "65");
    arrangement().batchSize(4);
    fx.closeWindow();
  }

  @AfterEach
  void tearDown() {
    arrangement().failAfterBatches(-1);
    arrangement().batchSize(Tickets.ARRANGEMENT_BATCH);
  }

  private static Arrangement arrangement() {
    return app.main().services().tickets().arrangement();
  }

  @Test
  @DisplayName("gives every paid subject exactly one seat, never a seat twice, never more than a room holds, one subject per room and slot")
  void invariants() {
    JsonObject run = fx.arrange();
    assertThat(run.getString("status")).as(run.encode()).isEqualTo("DONE");
    assertThat(run.getInteger("assigned")).isEqualTo(22);
    assertThat(run.getInteger("batches")).isGreaterThan(2);
    assertInvariants();
    // The documented fill order: the earliest payer of subject 24 sits in slot 1, room 1, seat 1.
    assertThat(app.query("select t.slot, t.room, t.seat from ticket t join registration r on r.id = t.registration_id "
      + "where t.subject_code = '24' order by r.paid_at, r.id limit 1").iterator().next().toJson().encode())
      .isEqualTo("{\"slot\":1,\"room\":1,\"seat\":1}");
    assertThat(app.count("select count(*) from audit_log where action = 'ticket.arrangement'")).isEqualTo(1);
  }

  @Test
  @DisplayName("running it again changes nothing")
  void rerun() {
    fx.arrange();
    List<String> first = fx.snapshot();
    JsonObject again = fx.arrange();
    assertThat(again.getString("status")).isEqualTo("DONE");
    assertThat(again.getInteger("assigned")).isZero();
    assertThat(again.getInteger("kept")).isEqualTo(22);
    assertThat(fx.snapshot()).isEqualTo(first);
  }

  @Test
  @DisplayName("after a crash mid-way, the next run resumes from its cursor and ends exactly as an uninterrupted run")
  void resumesAfterCrash() {
    fx.arrange();
    List<String> uninterrupted = fx.snapshot();
    app.query("delete from ticket");
    app.query("delete from ticket_arrangement_run");

    arrangement().failAfterBatches(2);
    JsonObject crashed = fx.arrange();
    assertThat(crashed.getString("status")).isEqualTo("FAILED");
    assertThat(crashed.getString("error")).contains("injected fault");
    assertThat(app.count("select count(*) from ticket")).isEqualTo(8);

    // A killed process leaves its run RUNNING (and its lock gone with its connection): that is adopted too.
    app.query("update ticket_arrangement_run set status = 'RUNNING', finished_at = null");
    arrangement().failAfterBatches(-1);
    JsonObject resumed = fx.arrange();
    assertThat(resumed.getString("status")).isEqualTo("DONE");
    assertThat(resumed.getLong("runId")).as("the unfinished run is adopted").isEqualTo(crashed.getLong("runId"));
    assertThat(resumed.getInteger("assigned")).isEqualTo(22);
    assertThat(fx.snapshot()).isEqualTo(uninterrupted);
    assertInvariants();
  }

  @Test
  @DisplayName("a refund voids the ticket and retires its seat: nobody is renumbered and a new payer does not get it")
  void refundFreesSeat() {
    fx.arrange();
    String refunded = app.query("select registration_id from ticket where subject_code = '24' and slot = 1 and room = 1 "
      + "and seat = 2").iterator().next().getUUID(0).toString();
    List<String> before = fx.snapshot();
    // What a refund before the exam leaves behind: the registration ended, its seats given back.
    app.query("update registration set status = 'CANCELLED' where id = $1::uuid", refunded);
    app.query("delete from registration_subject where registration_id = $1::uuid", refunded);
    fx.bulkPaid(1, paid.plusSeconds(300), "24");

    JsonObject run = fx.arrange();
    assertThat(run.getString("status")).as(run.encode()).isEqualTo("DONE");
    assertThat(run.getInteger("voided")).isEqualTo(1);
    assertThat(run.getInteger("assigned")).isEqualTo(1);
    List<String> after = fx.snapshot();
    assertThat(after).contains(before.stream().filter(r -> r.startsWith(refunded)).map(r -> r.replace(" false", " true"))
      .toArray(String[]::new));
    assertThat(after).containsAll(before.stream().filter(r -> !r.startsWith(refunded)).toList());
    assertThat(app.count("select count(*) from ticket where slot = 1 and room = 1 and seat = 2 and voided_at is null"))
      .isZero();
    assertInvariants();
  }

  @Test
  @DisplayName("while another instance holds the center's lock, a run does nothing")
  void oneRunAtATime() {
    SqlConnection holder = TestApp.await(app.db().getConnection());
    try {
      TestApp.await(holder.query("select pg_advisory_lock(" + ArrangementRepository.LOCK_CLASS + ", " + fx.center + ")")
        .execute());
      var center = TestApp.await(app.main().services().catalog().center(fx.center));
      var plan = TestApp.await(new TicketRepository().plan(app.db(), fx.center));
      Arrangement.Result result = TestApp.await(arrangement().run(center, plan, org.ncrebm.platform.Actor.system("t")));
      assertThat(result.busy()).isTrue();
      assertThat(app.count("select count(*) from ticket")).isZero();
    } finally {
      TestApp.await(holder.query("select pg_advisory_unlock(" + ArrangementRepository.LOCK_CLASS + ", " + fx.center
        + ")").execute());
      TestApp.await(holder.close());
    }
    assertThat(TestApp.await(arrangement().run(TestApp.await(app.main().services().catalog().center(fx.center)),
      TestApp.await(new TicketRepository().plan(app.db(), fx.center)), org.ncrebm.platform.Actor.system("t"))).busy())
      .isFalse();
    assertInvariants();
  }

  @Test
  @DisplayName("two service instances started at the same moment: one arranges; the other finds the lock taken, or comes after and keeps every seat")
  void twoInstances() {
    Vertx other = Vertx.vertx();
    try {
      MainVerticle second = new MainVerticle(app.clock);
      TestApp.await(other.deployVerticle(second, new DeploymentOptions().setConfig(secondConfig())));
      Arrangement secondArrangement = second.services().tickets().arrangement();
      secondArrangement.batchSize(4);
      var center = TestApp.await(app.main().services().catalog().center(fx.center));
      var plan = TestApp.await(new TicketRepository().plan(app.db(), fx.center));
      var one = arrangement().run(center, plan, org.ncrebm.platform.Actor.system("one"));
      var two = secondArrangement.run(center, plan, org.ncrebm.platform.Actor.system("two"));
      TestApp.await(Future.join(one, two));
      assertThat(one.succeeded() && two.succeeded()).as("both end well").isTrue();
      assertThat(one.result().assigned() + two.result().assigned()).as("each seat handed out once").isEqualTo(22);
      assertThat(app.count("select count(*) from ticket_arrangement_run where status <> 'DONE'")).isZero();
      assertInvariants();
    } finally {
      TestApp.await(other.close());
    }
  }

  private static JsonObject secondConfig() {
    var c = app.main().appConfig();
    return new JsonObject().put("profile", "test").put("http.host", "127.0.0.1").put("http.port", 0)
      .put("http.instances", 1).put("pg.url", c.pgUrl()).put("redis.url", c.redisUrl())
      .put("data.dir", "target/test-data-2").put("admin.password", TestApp.ADMIN_PASSWORD)
      .put("security.jwt-secret", c.jwtSecret()).put("security.code-secret", c.codeSecret())
      .put("security.id-key", c.idKey()).put("security.id-digest-key", c.idDigestKey())
      .put("jobs.hold-expiry-ms", 0).put("jobs.orders-ms", 0).put("jobs.seat-repair-ms", 0)
      .put("jobs.reconciliation-ms", 0).put("jobs.ticket-pdf-ms", 0).put("http.drain-seconds", 0);
  }

  @Test
  @DisplayName("fails, marking the run FAILED with the reason, when the rooms and slots are too few")
  void noSeatLeft() {
    fx.bulkPaid(1, paid.plusSeconds(400), "65");
    JsonObject run = fx.arrange();
    assertThat(run.getString("status")).isEqualTo("FAILED");
    assertThat(run.getString("error")).contains("no seat left for subject 65");
  }

  private void assertInvariants() {
    String paidSubjects = "from registration_subject rs join registration r on r.id = rs.registration_id "
      + "where rs.state = 'CONFIRMED' and r.status = 'PAID'";
    assertThat(app.count("select count(*) " + paidSubjects + " and (select count(*) from ticket t where "
      + "t.registration_id = rs.registration_id and t.subject_code = rs.subject_code and t.voided_at is null) <> 1"))
      .as("paid subjects without exactly one live ticket").isZero();
    assertThat(app.count("select count(*) from ticket t where t.voided_at is null and not exists (select 1 "
      + paidSubjects + " and rs.registration_id = t.registration_id and rs.subject_code = t.subject_code)"))
      .as("live tickets of unpaid subjects").isZero();
    assertThat(app.count("select count(*) from (select slot, room, seat from ticket group by 1, 2, 3 "
      + "having count(*) > 1) x")).as("seats used twice").isZero();
    assertThat(app.count("select count(*) from (select t.slot, t.room from ticket t join ticket_room r on "
      + "r.center_id = t.center_id and r.number = t.room group by t.slot, t.room, r.size having count(*) > r.size "
      + "or max(t.seat) > r.size) x")).as("rooms over size").isZero();
    assertThat(app.count("select count(*) from (select slot, room from ticket group by 1, 2 "
      + "having count(distinct subject_code) > 1) x")).as("rooms with two subjects in one slot").isZero();
    app.query("select ticket_number, subject_code, slot, room, seat from ticket").forEach(r -> {
      TicketNumber n = TicketNumber.parse(r.getString(0));
      assertThat(n).isEqualTo(new TicketNumber(r.getString(1), "11", "001", r.getInteger(2), r.getInteger(3),
        r.getInteger(4)));
    });
  }
}
