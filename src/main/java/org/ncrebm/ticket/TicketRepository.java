package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.web.Lang;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of the ticket context: center plans, tickets and their PDFs (arrangement runs: {@link ArrangementRepository}). */
public final class TicketRepository {
  private static final String CENTER_NO = "select center_no from ticket_center where center_id = $1";
  private static final String ROOMS = "select number, size, location from ticket_room where center_id = $1 order by number";
  private static final String SLOTS = """
    select s.slot, s.starts_at, s.ends_at, array_agg(ss.subject_code order by ss.subject_code) as subjects
    from ticket_slot s join ticket_slot_subject ss on ss.center_id = s.center_id and ss.slot = s.slot
    where s.center_id = $1 group by s.slot, s.starts_at, s.ends_at order by s.slot""";
  private static final String LIVE_AT_CENTER = "select count(*) from ticket where center_id = $1";
  private static final String UPSERT_CENTER = """
    insert into ticket_center (center_id, exam_session_id, province_code, center_no) values ($1, $2, $3, $4)
    on conflict (center_id) do update set center_no = excluded.center_no, updated_at = now()""";
  private static final String SHRUNK = """
    select count(*) from ticket t join unnest($2::int[], $3::int[]) as r(number, size) on t.room = r.number
    where t.center_id = $1 and t.seat > r.size""";
  private static final String DELETE_ROOMS = "delete from ticket_room where center_id = $1 and number <> all($2::int[])";
  private static final String UPSERT_ROOM = """
    insert into ticket_room (center_id, number, size, location) values ($1, $2, $3, $4)
    on conflict (center_id, number) do update set size = excluded.size, location = excluded.location""";
  private static final String DELETE_SLOT_SUBJECTS = "delete from ticket_slot_subject where center_id = $1";
  private static final String DELETE_SLOTS = "delete from ticket_slot where center_id = $1 and slot <> all($2::int[])";
  private static final String UPSERT_SLOT = """
    insert into ticket_slot (center_id, slot, starts_at, ends_at) values ($1, $2, $3, $4)
    on conflict (center_id, slot) do update set starts_at = excluded.starts_at, ends_at = excluded.ends_at""";
  private static final String INSERT_SLOT_SUBJECT = "insert into ticket_slot_subject (center_id, slot, subject_code) values ($1, $2, $3)";
  private static final String ORPHANED = """
    select count(*) from ticket t where t.center_id = $1 and not exists (select 1 from ticket_slot_subject ss
      where ss.center_id = t.center_id and ss.slot = t.slot and ss.subject_code = t.subject_code)""";
  private static final String FORGET_PDFS = "delete from ticket_pdf where ticket_id in (select id from ticket where center_id = $1)";
  private static final String OF_REGISTRATION = """
    select t.id, t.ticket_number, t.subject_code, t.slot, t.room, t.seat, s.starts_at, s.ends_at, rm.location
    from ticket t join ticket_slot s on s.center_id = t.center_id and s.slot = t.slot
    join ticket_room rm on rm.center_id = t.center_id and rm.number = t.room
    where t.registration_id = $1 and t.voided_at is null order by s.starts_at, t.subject_code""";
  // Only a PDF in the candidate's current language counts as stored.
  private static final String PDF = """
    select p.pdf from ticket_pdf p join ticket t on t.id = p.ticket_id join registration r on r.id = t.registration_id
    join account a on a.id = r.account_id where p.ticket_id = $1 and p.lang = a.lang""";
  // A rendering in another language replaces the one stored; two renders in the same language keep the first.
  private static final String STORE_PDF = """
    insert into ticket_pdf (ticket_id, lang, pdf) values ($1, $2, $3)
    on conflict (ticket_id) do update set lang = excluded.lang, pdf = excluded.pdf, rendered_at = now()
    where ticket_pdf.lang <> excluded.lang""";
  private static final String SHEET = """
    select t.ticket_number, t.exam_session_id, s.starts_at, s.ends_at, rm.location, r.name, r.id_number_enc, ph.jpeg,
      c.name as center_name, c.address, es.name as session_name, es.name_en as session_name_en,
      sub.name as subject_name, a.lang
    from ticket t join ticket_slot s on s.center_id = t.center_id and s.slot = t.slot
    join ticket_room rm on rm.center_id = t.center_id and rm.number = t.room
    join registration r on r.id = t.registration_id
    join account a on a.id = r.account_id
    join registration_photo ph on ph.registration_id = r.id
    join test_center c on c.id = t.center_id
    join exam_session es on es.id = t.exam_session_id
    join subject sub on sub.exam_session_id = t.exam_session_id and sub.code = t.subject_code
    where t.id = $1 and t.voided_at is null""";
  // Live tickets of provinces whose print window has not ended and that have no PDF in the candidate's language yet
  // (none, or one from before a language change), leased for two minutes.
  private static final String CLAIM_UNRENDERED = """
    update ticket set pdf_lease_until = $2 + interval '2 minutes' where id in (
      select t.id from ticket t join test_center c on c.id = t.center_id
      join province_window w on w.exam_session_id = t.exam_session_id and w.province_code = c.province_code
      join registration r on r.id = t.registration_id join account a on a.id = r.account_id
      where t.voided_at is null and w.ticket_print_to > $2 and (t.pdf_lease_until is null or t.pdf_lease_until < $2)
        and not exists (select 1 from ticket_pdf p where p.ticket_id = t.id and p.lang = a.lang)
      order by t.id limit $1 for update of t skip locked)
    returning id""";
  // Live: not voided, and still paid for right now (a refund counts at the door before the next run voids it).
  private static final String LIVE_BY_NUMBER = """
    select count(*) from ticket t join registration r on r.id = t.registration_id
    join registration_subject rs on rs.registration_id = t.registration_id and rs.subject_code = t.subject_code
    where t.exam_session_id = $1 and t.ticket_number = $2 and t.voided_at is null and r.status = 'PAID'
      and rs.state = 'CONFIRMED'""";

  /** A live ticket as the candidate sees it. */
  public record TicketView(long id, String ticketNumber, String subjectCode, int slot, int room, int seat,
                           Instant examStart, Instant examEnd, String roomLocation) {
  }

  /** What the PDF of one ticket needs, straight from the database (the ID number still encrypted). */
  public record SheetRow(String ticketNumber, long examSessionId, Instant examStart, Instant examEnd,
                         String roomLocation, String name, byte[] idNumberEncrypted, byte[] photo, String centerName,
                         String centerAddress, String sessionName, String sessionNameEn, String subjectName,
                         Lang lang) {
  }

  /** The center's plan, or null when none is configured. */
  public Future<TicketPlan> plan(SqlClient db, long centerId) {
    Tuple t = Tuple.of(centerId);
    return Future.all(db.preparedQuery(CENTER_NO).execute(t), db.preparedQuery(ROOMS).execute(t),
      db.preparedQuery(SLOTS).execute(t)).map(all -> {
        io.vertx.sqlclient.RowSet<Row> center = all.resultAt(0);
        if (center.size() == 0) return null;
        List<TicketPlan.PlanRoom> rooms = new ArrayList<>();
        all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1).forEach(r -> rooms.add(new TicketPlan.PlanRoom(
          r.getInteger("number"), r.getInteger("size"), r.getString("location"))));
        List<TicketPlan.PlanSlot> slots = new ArrayList<>();
        all.<io.vertx.sqlclient.RowSet<Row>>resultAt(2).forEach(r -> slots.add(new TicketPlan.PlanSlot(
          r.getInteger("slot"), instant(r, "starts_at"), instant(r, "ends_at"), List.of(r.getArrayOfStrings("subjects")))));
        return new TicketPlan(center.iterator().next().getString(0), rooms, slots);
      });
  }

  /**
   * Replaces the center's plan inside the caller's transaction. Once tickets exist, the center number stays, no room
   * or slot in use goes, no room shrinks below a seat in use and every ticket's subject stays in its slot
   * ({@code INVALID_STATE} otherwise). Stored PDFs of the center are dropped: times or rooms may have changed.
   */
  public Future<Void> savePlan(SqlClient tx, long sessionId, String provinceCode, long centerId, TicketPlan plan) {
    Integer[] numbers = plan.rooms().stream().map(TicketPlan.PlanRoom::number).toArray(Integer[]::new);
    Integer[] sizes = plan.rooms().stream().map(TicketPlan.PlanRoom::size).toArray(Integer[]::new);
    Integer[] slots = plan.slots().stream().map(TicketPlan.PlanSlot::slot).toArray(Integer[]::new);
    return tx.preparedQuery(CENTER_NO).execute(Tuple.of(centerId))
      .compose(rows -> tx.preparedQuery(LIVE_AT_CENTER).execute(Tuple.of(centerId)).compose(count -> {
        boolean numbered = count.iterator().next().getLong(0) > 0;
        boolean renumbers = rows.size() > 0 && !rows.iterator().next().getString(0).equals(plan.centerNo());
        return numbered && renumbers ? Future.failedFuture(inUse()) : Future.succeededFuture();
      }))
      .compose(v -> tx.preparedQuery(UPSERT_CENTER).execute(Tuple.of(centerId, sessionId, provinceCode, plan.centerNo()))
        .recover(err -> Future.failedFuture(sqlState(err, "23505") ? AppException.field(ErrorCode.VALIDATION_FAILED,
          "centerNo", "ticket.plan.centerNoTaken") : err)))
      .compose(v -> tx.preparedQuery(SHRUNK).execute(Tuple.of(centerId).addArrayOfInteger(numbers).addArrayOfInteger(sizes)))
      .compose(rows -> rows.iterator().next().getLong(0) > 0 ? Future.failedFuture(inUse()) : Future.succeededFuture())
      .compose(v -> tx.preparedQuery(DELETE_ROOMS).execute(Tuple.of(centerId).addArrayOfInteger(numbers)))
      .compose(v -> tx.preparedQuery(UPSERT_ROOM).executeBatch(plan.rooms().stream()
        .map(r -> Tuple.of(centerId, r.number(), r.size(), r.location())).toList()))
      .compose(v -> tx.preparedQuery(DELETE_SLOT_SUBJECTS).execute(Tuple.of(centerId)))
      .compose(v -> tx.preparedQuery(DELETE_SLOTS).execute(Tuple.of(centerId).addArrayOfInteger(slots)))
      .compose(v -> tx.preparedQuery(UPSERT_SLOT).executeBatch(plan.slots().stream()
        .map(s -> Tuple.of(centerId, s.slot(), utc(s.startsAt()), utc(s.endsAt()))).toList()))
      .compose(v -> tx.preparedQuery(INSERT_SLOT_SUBJECT).executeBatch(plan.slots().stream()
        .flatMap(s -> s.subjects().stream().map(code -> Tuple.of(centerId, s.slot(), code))).toList()))
      .compose(v -> tx.preparedQuery(ORPHANED).execute(Tuple.of(centerId)))
      .compose(rows -> rows.iterator().next().getLong(0) > 0 ? Future.failedFuture(inUse()) : Future.succeededFuture())
      .compose(v -> tx.preparedQuery(FORGET_PDFS).execute(Tuple.of(centerId)))
      .recover(err -> Future.failedFuture(sqlState(err, "23503") ? inUse() : err))
      .mapEmpty();
  }

  public Future<List<TicketView>> ofRegistration(SqlClient db, UUID registrationId) {
    return db.preparedQuery(OF_REGISTRATION).execute(Tuple.of(registrationId)).map(rows -> {
      List<TicketView> views = new ArrayList<>();
      rows.forEach(r -> views.add(new TicketView(r.getLong("id"), r.getString("ticket_number"),
        r.getString("subject_code"), r.getInteger("slot"), r.getInteger("room"), r.getInteger("seat"),
        instant(r, "starts_at"), instant(r, "ends_at"), r.getString("location"))));
      return views;
    });
  }

  /** The stored PDF in the candidate's current language, or null. */
  public Future<byte[]> pdf(SqlClient db, long ticketId) {
    return db.preparedQuery(PDF).execute(Tuple.of(ticketId))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
  }

  public Future<Void> storePdf(SqlClient db, long ticketId, Lang lang, byte[] pdf) {
    return db.preparedQuery(STORE_PDF).execute(Tuple.of(ticketId, lang.code(), io.vertx.core.buffer.Buffer.buffer(pdf)))
      .mapEmpty();
  }

  /** Everything printed on a live ticket, or null when it is voided or gone. */
  public Future<SheetRow> sheet(SqlClient db, long ticketId) {
    return db.preparedQuery(SHEET).execute(Tuple.of(ticketId)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new SheetRow(r.getString("ticket_number"), r.getLong("exam_session_id"), instant(r, "starts_at"),
        instant(r, "ends_at"), r.getString("location"), r.getString("name"),
        r.getBuffer("id_number_enc").getBytes(), r.getBuffer("jpeg").getBytes(), r.getString("center_name"),
        r.getString("address"), r.getString("session_name"), r.getString("session_name_en"),
        r.getString("subject_name"), Lang.fromCode(r.getString("lang")));
    });
  }

  /** Leases up to {@code limit} live tickets that still need their PDF. */
  public Future<List<Long>> claimUnrendered(SqlClient db, int limit, Instant now) {
    return db.preparedQuery(CLAIM_UNRENDERED).execute(Tuple.of(limit, utc(now))).map(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getLong(0)));
      return ids;
    });
  }

  public Future<Boolean> live(SqlClient db, long sessionId, String ticketNumber) {
    return db.preparedQuery(LIVE_BY_NUMBER).execute(Tuple.of(sessionId, ticketNumber))
      .map(rows -> rows.iterator().next().getLong(0) > 0);
  }

  static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static AppException inUse() {
    return AppException.of(ErrorCode.INVALID_STATE, "ticket.plan.inUse");
  }

  private static boolean sqlState(Throwable err, String state) {
    return err instanceof PgException pg && state.equals(pg.getSqlState());
  }
}
