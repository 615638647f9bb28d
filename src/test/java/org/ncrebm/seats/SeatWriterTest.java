package org.ncrebm.seats;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.seats.SeatRepository.Holder;
import org.ncrebm.support.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit of seat changes ({@link SeatWriter}) on the real database: changes that arrive while their center is
 * being written go together in the next transaction; a failing change is answered alone and costs nobody else their
 * seat; Postgres' CHECK still has the last word when it has fewer seats than the gate let through.
 */
@DisplayName("Seat writer: group commit per center, failures answered one by one, Postgres has the last word")
class SeatWriterTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final SeatRace race = new SeatRace(app);
  private final SeatRepository seats = new SeatRepository();
  private final List<Integer> batches = new CopyOnWriteArrayList<>();

  /** A holder's seat of one subject, written once {@code after} has completed. */
  private record Take(Holder holder, String subject, Future<Void> after) {
  }

  /** The seat rows of a batch of takes in the repository's set-wise statements, as the subject choices write them. */
  private SeatWriter<Take, Void> writer() {
    SeatWriter<Take, Void> writer = new SeatWriter<>(app.db(), 64, (tx, takes, counters) ->
      Future.all(takes.stream().map(Take::after).toList())
        .compose(v -> seats.swapRowsAll(tx, takes.stream()
          .map(t -> new SeatRepository.Swap(t.holder(), List.of(), List.of(t.subject()))).toList(), counters))
        .map(released -> takes.stream().<Void>map(t -> null).toList()));
    writer.observeBatches(batches::add);
    return writer;
  }

  /** The holders of {@code n} fresh drafts at the race's center. */
  private List<Holder> holders(int n) {
    List<Holder> out = new ArrayList<>();
    for (String[] d : race.drafts(n)) {
      Row r = app.query("select id_digest from registration where id = $1::uuid", d[2]).iterator().next();
      out.add(new Holder(UUID.fromString(d[2]), race.sid, race.center, r.getString("id_digest")));
    }
    return out;
  }

  private static Take take(Holder h, String subject) {
    return new Take(h, subject, Future.succeededFuture());
  }

  /** Holds the center's lane busy until {@code release} completes, so the next changes queue behind it. */
  private Future<Void> occupy(SeatWriter<Take, Void> writer, Holder first, Promise<Void> release) {
    return writer.write(race.center, first.registrationId(), new Take(first, "24", release.future()));
  }

  /**
   * The first holder's change holds the center's lane; the others' changes queue behind it ({@code whileQueued} runs
   * then); the lane is released and every change has answered when this returns. The queued changes' futures.
   */
  private List<Future<Void>> queuedBehind(SeatWriter<Take, Void> writer, Holder first, List<Holder> rest, Runnable whileQueued) {
    Promise<Void> release = Promise.promise();
    Future<Void> running = occupy(writer, first, release);
    List<Future<Void>> queued = new ArrayList<>();
    for (Holder h : rest) queued.add(writer.write(race.center, h.registrationId(), take(h, "24")));
    whileQueued.run();
    release.complete();
    TestApp.await(Future.join(running, Future.join(queued)).otherwiseEmpty()); // some may fail, by design
    assertThat(running.succeeded()).as("the first change").isTrue();
    return queued;
  }

  @Test
  @DisplayName("ten changes queued behind a running one are written as one transaction of ten, every seat counted")
  void queuedChangesGoTogether() {
    race.setUp(new JsonObject().put("24", 50));
    List<Holder> holders = holders(11);
    SeatWriter<Take, Void> writer = writer();
    List<Future<Void>> queued = queuedBehind(writer, holders.get(0), holders.subList(1, 11),
      () -> assertThat(writer.waiting()).as("queued behind the running one").isEqualTo(10));
    assertThat(queued).allMatch(Future::succeeded);
    assertThat(writer.waiting()).isZero();
    assertThat(batches).containsExactly(1, 10);
    assertThat(race.rows("24")).isEqualTo(11);
    assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '24'", race.center))
      .isEqualTo(11);
    assertThat(app.count("select total_taken from test_center where id = $1", race.center)).isEqualTo(11);
    race.assertInvariants();
  }

  @Test
  @DisplayName("a registration's second change waits for the next transaction, so it reads what the first one wrote")
  void oneChangePerRegistrationPerBatch() {
    race.setUp(new JsonObject().put("24", 50).put("28", 50));
    List<Holder> holders = holders(3);
    SeatWriter<Take, Void> writer = writer();
    Holder twice = holders.get(1);
    List<Future<Void>> queued = new ArrayList<>();
    Promise<Void> release = Promise.promise();
    Future<Void> running = occupy(writer, holders.get(0), release);
    queued.add(writer.write(race.center, twice.registrationId(), take(twice, "24")));
    queued.add(writer.write(race.center, holders.get(2).registrationId(), take(holders.get(2), "24")));
    queued.add(writer.write(race.center, twice.registrationId(), take(twice, "28")));
    assertThat(writer.waiting()).isEqualTo(3);
    release.complete();
    TestApp.await(Future.all(running, Future.all(queued)));
    assertThat(batches).containsExactly(1, 2, 1);
    assertThat(app.count("select count(*) from registration_subject where registration_id = $1",
      twice.registrationId())).isEqualTo(2);
    assertThat(race.rows("24")).isEqualTo(3);
    race.assertInvariants();
  }

  @Test
  @DisplayName("one change of a batch fails (its ID already holds the subject): it alone gets SUBJECT_TAKEN, the rest keep their seats")
  void oneFailureCostsNobodyElse() {
    race.setUp(new JsonObject().put("24", 50));
    List<Holder> holders = holders(11);
    SeatWriter<Take, Void> writer = writer();
    // The fifth queued change claims the subject for the first holder's ID number, which the first change takes.
    Holder h5 = holders.get(5);
    Holder twin = new Holder(h5.registrationId(), h5.examSessionId(), h5.centerId(), holders.get(0).idDigest());
    List<Holder> rest = new ArrayList<>(holders.subList(1, 11));
    rest.set(4, twin);
    List<Future<Void>> queued = queuedBehind(writer, holders.get(0), rest, () -> { });
    for (int i = 0; i < queued.size(); i++) {
      if (i == 4) {
        assertThat(queued.get(i).cause()).isInstanceOfSatisfying(AppException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.SUBJECT_TAKEN));
      } else {
        assertThat(queued.get(i).succeeded()).as("change %d", i).isTrue();
      }
    }
    // the batch of ten was rolled back and its changes re-run alone
    assertThat(batches).containsExactly(1, 10);
    assertThat(race.rows("24")).isEqualTo(10);
    assertThat(app.count("select count(*) from registration_subject where registration_id = $1", h5.registrationId()))
      .isZero();
    race.assertInvariants();
  }

  @Test
  @DisplayName("Postgres has fewer seats than were let through: exactly the free seats are written, the rest get SEAT_SOLD_OUT")
  void postgresHasTheLastWord() {
    race.setUp(new JsonObject().put("24", 6));
    List<Holder> holders = holders(11);
    List<Future<Void>> queued = queuedBehind(writer(), holders.get(0), holders.subList(1, 11), () -> { });
    assertThat(queued.stream().filter(Future::succeeded).count()).isEqualTo(5);
    assertThat(queued.stream().filter(f -> f.failed() && f.cause() instanceof AppException e
      && e.code() == ErrorCode.SEAT_SOLD_OUT).count()).isEqualTo(5);
    assertThat(race.rows("24")).isEqualTo(6);
    assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '24'", race.center))
      .isEqualTo(6);
    race.assertInvariants();
  }

  @Test
  @DisplayName("each caller is answered on its own Vert.x context, not on the connection's")
  void answersOnTheCallersContext() {
    race.setUp(new JsonObject().put("24", 50));
    List<Holder> holders = holders(4);
    SeatWriter<Take, Void> writer = writer();
    Promise<Void> release = Promise.promise();
    Future<Void> first = occupy(writer, holders.get(0), release);
    List<Future<Boolean>> same = new ArrayList<>();
    for (Holder h : holders.subList(1, 4)) {
      Context context = app.vertx().getOrCreateContext();
      Promise<Boolean> answered = Promise.promise();
      context.runOnContext(v -> writer.write(race.center, h.registrationId(), take(h, "24"))
        .onComplete(ar -> answered.complete(ar.succeeded() && io.vertx.core.Vertx.currentContext() == context)));
      same.add(answered.future());
    }
    release.complete();
    TestApp.await(first);
    assertThat(TestApp.await(Future.all(same)).<Boolean>list()).containsExactly(true, true, true);
    assertThat(race.rows("24")).isEqualTo(4);
  }
}
