package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.ncrebm.ticket.TicketRepository.instant;
import static org.ncrebm.ticket.TicketRepository.utc;

/** The SQL of the arrangement job: its runs, the paid candidates it streams and the seats it stores. */
public final class ArrangementRepository {
  // The advisory lock's first key: this job's own namespace; the second is the center id.
  static final int LOCK_CLASS = 8;
  private static final String TRY_LOCK = "select pg_try_advisory_lock($1, $2)";
  private static final String UNLOCK = "select pg_advisory_unlock($1, $2)";
  private static final String PAID = """
    exists (select 1 from registration_subject rs join registration r on r.id = rs.registration_id
      where rs.registration_id = t.registration_id and rs.subject_code = t.subject_code and rs.center_id = t.center_id
        and rs.state = 'CONFIRMED' and r.status = 'PAID')""";
  private static final String VOID_UNPAID = "update ticket t set voided_at = now(), void_reason = 'NOT_PAID' "
    + "where t.center_id = $1 and t.voided_at is null and not " + PAID;
  private static final String PLACEMENTS = """
    select registration_id, subject_code, slot, room, seat, voided_at is not null as freed from ticket where center_id = $1""";
  private static final String SUBJECTS = """
    select distinct rs.subject_code from registration_subject rs join registration r on r.id = rs.registration_id
    where rs.center_id = $1 and rs.state = 'CONFIRMED' and r.status = 'PAID' order by 1""";
  // Keyset pages in the planner's order (PaidCandidate.ORDER): paid time, then registration id.
  private static final String PAGE = """
    select rs.registration_id, r.paid_at from registration_subject rs join registration r on r.id = rs.registration_id
    where rs.center_id = $1 and rs.subject_code = $2 and rs.state = 'CONFIRMED' and r.status = 'PAID'
      and ($3::timestamptz is null or (r.paid_at, rs.registration_id) > ($3::timestamptz, $4::uuid))
    order by r.paid_at, rs.registration_id limit $5""";
  private static final String INSERT_TICKET = """
    insert into ticket (exam_session_id, center_id, registration_id, subject_code, ticket_number, slot, room, seat, run_id)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
  private static final String REINSTATE = """
    update ticket set voided_at = null, void_reason = null
    where center_id = $1 and registration_id = $2 and subject_code = $3 and slot = $4 and room = $5 and seat = $6""";
  private static final String UNFINISHED = """
    select id from ticket_arrangement_run where center_id = $1 and status in ('RUNNING', 'FAILED') order by id desc limit 1""";
  private static final String ADOPT = "update ticket_arrangement_run set status = 'RUNNING', error = null where id = $1";
  private static final String CREATE = """
    insert into ticket_arrangement_run (exam_session_id, center_id, status, started_by) values ($1, $2, 'RUNNING', $3)
    returning id""";
  private static final String ADVANCE = """
    update ticket_arrangement_run set cursor_subject = $2, cursor_paid_at = $3, cursor_registration = $4,
      assigned = assigned + $5, kept = kept + $6, reinstated = reinstated + $7, batches = batches + 1 where id = $1""";
  private static final String FINISH = """
    update ticket_arrangement_run set status = $2, error = $3, voided = voided + $4, finished_at = now() where id = $1""";
  private static final String RUN = "select * from ticket_arrangement_run where id = $1";
  private static final String LATEST = "select * from ticket_arrangement_run where center_id = $1 order by id desc limit 1";

  /** Where a run stands: the last candidate stored, by subject. */
  public record Cursor(String subjectCode, Instant paidAt, UUID registrationId) {
  }

  public Future<Boolean> tryLock(SqlClient conn, long centerId) {
    return conn.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK_CLASS, (int) centerId))
      .map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Void> unlock(SqlClient conn, long centerId) {
    return conn.preparedQuery(UNLOCK).execute(Tuple.of(LOCK_CLASS, (int) centerId)).mapEmpty();
  }

  /** Voids the live tickets whose subject is no longer paid for at this center (refund, cancellation); their seats stay retired. */
  public Future<Integer> voidUnpaid(SqlClient db, long centerId) {
    return db.preparedQuery(VOID_UNPAID).execute(Tuple.of(centerId)).map(rows -> rows.rowCount());
  }

  public Future<List<Placement>> placements(SqlClient db, long centerId) {
    return db.preparedQuery(PLACEMENTS).execute(Tuple.of(centerId)).map(rows -> {
      List<Placement> placements = new ArrayList<>();
      rows.forEach(r -> placements.add(new Placement(r.getUUID("registration_id").toString(), r.getString("subject_code"),
        new Seat(r.getInteger("slot"), r.getInteger("room"), r.getInteger("seat")), r.getBoolean("freed"))));
      return placements;
    });
  }

  public Future<List<String>> paidSubjects(SqlClient db, long centerId) {
    return db.preparedQuery(SUBJECTS).execute(Tuple.of(centerId)).map(rows -> {
      List<String> codes = new ArrayList<>();
      rows.forEach(r -> codes.add(r.getString(0)));
      return codes;
    });
  }

  /** The next page of paid candidates of a subject after {@code after} (null: from the first). */
  public Future<List<PaidCandidate>> page(SqlClient db, long centerId, String subjectCode, PaidCandidate after, int limit) {
    Tuple t = Tuple.of(centerId, subjectCode, after == null ? null : utc(after.paidAt()),
      after == null ? null : UUID.fromString(after.registrationId()), limit);
    return db.preparedQuery(PAGE).execute(t).map(rows -> {
      List<PaidCandidate> page = new ArrayList<>();
      rows.forEach(r -> page.add(new PaidCandidate(r.getUUID("registration_id").toString(), instant(r, "paid_at"))));
      return page;
    });
  }

  public Future<Void> insertTickets(SqlClient tx, long sessionId, long centerId, long runId, List<SeatAssignment> news,
                                    String subjectCode) {
    if (news.isEmpty()) return Future.succeededFuture();
    return tx.preparedQuery(INSERT_TICKET).executeBatch(news.stream().map(a -> Tuple.from(new Object[]{sessionId,
      centerId, UUID.fromString(a.registrationId()), subjectCode, a.ticketNumber().format(), a.seat().slot(),
      a.seat().room(), a.seat().seat(), runId})).toList()).mapEmpty();
  }

  public Future<Void> reinstate(SqlClient tx, long centerId, List<SeatAssignment> back, String subjectCode) {
    if (back.isEmpty()) return Future.succeededFuture();
    return tx.preparedQuery(REINSTATE).executeBatch(back.stream().map(a -> Tuple.of(centerId,
      UUID.fromString(a.registrationId()), subjectCode, a.seat().slot(), a.seat().room(), a.seat().seat())).toList())
      .mapEmpty();
  }

  /** The unfinished run of the center (crashed or failed), or null. */
  public Future<Long> unfinished(SqlClient db, long centerId) {
    return db.preparedQuery(UNFINISHED).execute(Tuple.of(centerId))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  public Future<Void> adopt(SqlClient db, long runId) {
    return db.preparedQuery(ADOPT).execute(Tuple.of(runId)).mapEmpty();
  }

  public Future<Long> create(SqlClient db, long sessionId, long centerId, String startedBy) {
    return db.preparedQuery(CREATE).execute(Tuple.of(sessionId, centerId, startedBy))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Cursor> cursor(SqlClient db, long runId) {
    return db.preparedQuery(RUN).execute(Tuple.of(runId)).map(rows -> {
      Row r = rows.iterator().next();
      return r.getString("cursor_subject") == null ? null : new Cursor(r.getString("cursor_subject"),
        instant(r, "cursor_paid_at"), r.getUUID("cursor_registration"));
    });
  }

  public Future<Void> advance(SqlClient tx, long runId, String subjectCode, PaidCandidate last, int assigned, int kept,
                              int reinstated) {
    return tx.preparedQuery(ADVANCE).execute(Tuple.from(new Object[]{runId, subjectCode, utc(last.paidAt()),
      UUID.fromString(last.registrationId()), assigned, kept, reinstated})).mapEmpty();
  }

  public Future<Void> finish(SqlClient db, long runId, String status, String error, int voided) {
    return db.preparedQuery(FINISH).execute(Tuple.of(runId, status, error, voided)).mapEmpty();
  }

  /** The center's latest run as the API shows it, or null. */
  public Future<JsonObject> latest(SqlClient db, long centerId) {
    return db.preparedQuery(LATEST).execute(Tuple.of(centerId)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new JsonObject().put("runId", r.getLong("id")).put("status", r.getString("status"))
        .put("assigned", r.getInteger("assigned")).put("kept", r.getInteger("kept"))
        .put("reinstated", r.getInteger("reinstated")).put("voided", r.getInteger("voided"))
        .put("batches", r.getInteger("batches")).put("error", r.getString("error"))
        .put("startedBy", r.getString("started_by")).put("startedAt", Times.iso(instant(r, "started_at")))
        .put("finishedAt", Times.iso(instant(r, "finished_at")));
    });
  }
}
