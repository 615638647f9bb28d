package org.ncrebm.queue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The waiting rooms and the record of their entries in Postgres: the truth a flushed Redis is rebuilt from. */
final class QueueRepository {
  private static final String ROOM = """
    select w.exam_session_id, w.province_code, w.opens_at as window_opens_at, w.closes_at, r.enabled,
      r.opens_at, r.admit_per_second, r.admission_minutes
    from province_window w left join waiting_room r
      on r.exam_session_id = w.exam_session_id and r.province_code = w.province_code
    where w.exam_session_id = $1 and w.province_code = $2""";
  private static final String ENABLED = """
    select w.exam_session_id, w.province_code, w.opens_at as window_opens_at, w.closes_at, r.enabled,
      r.opens_at, r.admit_per_second, r.admission_minutes
    from waiting_room r join province_window w
      on r.exam_session_id = w.exam_session_id and r.province_code = w.province_code
    where r.enabled and w.closes_at > $1""";
  private static final String OF_SESSION = """
    select w.exam_session_id, w.province_code, w.opens_at as window_opens_at, w.closes_at, r.enabled,
      r.opens_at, r.admit_per_second, r.admission_minutes
    from waiting_room r join province_window w
      on r.exam_session_id = w.exam_session_id and r.province_code = w.province_code
    where r.enabled and r.exam_session_id = $1 and ($2::text is null or r.province_code = $2)
    order by r.province_code""";
  private static final String SAVE = """
    insert into waiting_room (exam_session_id, province_code, enabled, opens_at, admit_per_second, admission_minutes)
    values ($1, $2, $3, $4, $5, $6)
    on conflict (exam_session_id, province_code) do update set enabled = excluded.enabled,
      opens_at = excluded.opens_at, admit_per_second = excluded.admit_per_second,
      admission_minutes = excluded.admission_minutes, updated_at = now()""";
  // The first entry's score stays; an entry whose admission has run out enters again with the new score.
  private static final String ENTER = """
    insert into waiting_room_entry (exam_session_id, province_code, account_id, score, entered_at)
    values ($1, $2, $3, $4, $5)
    on conflict (exam_session_id, province_code, account_id) do update set
      score = case when waiting_room_entry.admitted_until <= excluded.entered_at then excluded.score
        else waiting_room_entry.score end,
      entered_at = case when waiting_room_entry.admitted_until <= excluded.entered_at then excluded.entered_at
        else waiting_room_entry.entered_at end,
      admitted_until = case when waiting_room_entry.admitted_until <= excluded.entered_at then null
        else waiting_room_entry.admitted_until end
    returning score, admitted_until""";
  private static final String ADMITTED = """
    update waiting_room_entry set admitted_until = $4
    where exam_session_id = $1 and province_code = $2 and account_id = any($3::uuid[])""";
  private static final String PAGE = """
    select account_id, score, admitted_until from waiting_room_entry
    where exam_session_id = $1 and province_code = $2 and account_id > $3
    order by account_id limit $4""";
  // the smallest uuid in Postgres' (unsigned, bytewise) order
  private static final UUID FIRST = new UUID(0, 0);

  /** A recorded entry: its order score and, once admitted, until when. */
  record Recorded(UUID accountId, double score, Instant admittedUntil) {
  }

  /** The room of a window (switched off when staff never set one up), or null when the window does not exist. */
  Future<WaitingRoom> room(SqlClient db, long sid, String province) {
    return db.preparedQuery(ROOM).execute(Tuple.of(sid, province))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  /** Enabled rooms whose window has not closed. */
  Future<List<WaitingRoom>> enabled(SqlClient db, Instant now) {
    return db.preparedQuery(ENABLED).execute(Tuple.of(at(now))).map(rows -> {
      List<WaitingRoom> out = new ArrayList<>();
      rows.forEach(r -> out.add(fromRow(r)));
      return out;
    });
  }

  /** A session's enabled rooms, of one province or (null) all. */
  Future<List<WaitingRoom>> ofSession(SqlClient db, long sid, String province) {
    return db.preparedQuery(OF_SESSION).execute(Tuple.of(sid, province)).map(rows -> {
      List<WaitingRoom> out = new ArrayList<>();
      rows.forEach(r -> out.add(fromRow(r)));
      return out;
    });
  }

  Future<Void> save(SqlClient db, long sid, String province, WaitingRoom.Settings s) {
    return db.preparedQuery(SAVE).execute(Tuple.of(sid, province, s.enabled(), s.opensAt() == null ? null : at(s.opensAt()),
      s.admitPerSecond(), s.admissionMinutes())).mapEmpty();
  }

  /** Records an entry (once; see {@link #ENTER}) and answers the score and admission it has. */
  Future<Recorded> enter(SqlClient db, long sid, String province, UUID account, double score, Instant now) {
    return db.preparedQuery(ENTER).execute(Tuple.of(sid, province, account, score, at(now))).map(rows -> {
      Row r = rows.iterator().next();
      OffsetDateTime until = r.getOffsetDateTime("admitted_until");
      return new Recorded(account, r.getDouble("score"), until == null ? null : until.toInstant());
    });
  }

  Future<Void> admitted(SqlClient db, long sid, String province, List<String> accounts, Instant until) {
    if (accounts.isEmpty()) return Future.succeededFuture();
    return db.preparedQuery(ADMITTED).execute(Tuple.of(sid, province, accounts.stream().map(UUID::fromString).toArray(UUID[]::new), at(until)))
      .mapEmpty();
  }

  /** One page of the room's record, by account id after {@code after} (null: from the start). */
  Future<List<Recorded>> page(SqlClient db, long sid, String province, UUID after, int limit) {
    return db.preparedQuery(PAGE).execute(Tuple.of(sid, province, after == null ? FIRST : after, limit)).map(rows -> {
      List<Recorded> out = new ArrayList<>();
      for (Row r : rows) {
        OffsetDateTime until = r.getOffsetDateTime("admitted_until");
        out.add(new Recorded(r.getUUID("account_id"), r.getDouble("score"), until == null ? null : until.toInstant()));
      }
      return out;
    });
  }

  private static WaitingRoom fromRow(Row r) {
    Instant windowOpens = r.getOffsetDateTime("window_opens_at").toInstant();
    Instant closes = r.getOffsetDateTime("closes_at").toInstant();
    Boolean enabled = r.getBoolean("enabled");
    if (enabled == null) {
      return WaitingRoom.off(r.getLong("exam_session_id"), r.getString("province_code"), windowOpens, closes);
    }
    OffsetDateTime chosen = r.getOffsetDateTime("opens_at");
    return new WaitingRoom(r.getLong("exam_session_id"), r.getString("province_code"), enabled,
      chosen == null ? null : chosen.toInstant(), windowOpens, closes, r.getInteger("admit_per_second"),
      r.getInteger("admission_minutes"));
  }

  private static OffsetDateTime at(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
