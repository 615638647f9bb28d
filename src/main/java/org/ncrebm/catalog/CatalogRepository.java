package org.ncrebm.catalog;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.catalog.Catalog.Capacity;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.CenterInput;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Province;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue in PostgreSQL; constraint violations come back as domain errors. */
public final class CatalogRepository {
  private static final String PROVINCES = "select code, name, name_en from province order by sort_order";
  private static final String SESSIONS = "select id, name, name_en from exam_session order by id desc";
  private static final String SESSION = "select id, name, name_en from exam_session where id = $1";
  private static final String SUBJECTS = """
    select exam_session_id, code, name, level, fee_fen from subject where exam_session_id = any($1) order by code""";
  private static final String INSERT_SESSION = "insert into exam_session (name, name_en) values ($1, $2) returning id";
  private static final String INSERT_SUBJECT = """
    insert into subject (exam_session_id, code, name, level, fee_fen) values ($1, $2, $3, $4, $5)""";
  private static final String UPSERT_SUBJECT = """
    insert into subject (exam_session_id, code, name, level, fee_fen) values ($1, $2, $3, $4, $5)
    on conflict (exam_session_id, code) do update set name = excluded.name, level = excluded.level,
      fee_fen = excluded.fee_fen""";
  private static final String WINDOWS = """
    select exam_session_id, province_code, opens_at, closes_at, pay_deadline, ticket_print_from, ticket_print_to
    from province_window where exam_session_id = $1""";
  private static final String WINDOW = """
    select exam_session_id, province_code, opens_at, closes_at, pay_deadline, ticket_print_from, ticket_print_to
    from province_window where exam_session_id = $1 and province_code = $2""";
  private static final String UPSERT_WINDOW = """
    insert into province_window (exam_session_id, province_code, opens_at, closes_at, pay_deadline, ticket_print_from,
      ticket_print_to) values ($1, $2, $3, $4, $5, $6, $7)
    on conflict (exam_session_id, province_code) do update set opens_at = excluded.opens_at,
      closes_at = excluded.closes_at, pay_deadline = excluded.pay_deadline,
      ticket_print_from = excluded.ticket_print_from, ticket_print_to = excluded.ticket_print_to, updated_at = now()""";
  private static final String CENTER_COLUMNS = """
    c.id, c.exam_session_id, c.province_code, c.code, c.name, c.address, c.review_required, c.class_required,
    c.max_subjects, c.total_capacity, c.total_taken,
    coalesce((select json_agg(json_build_array(k.subject_code, k.capacity, k.taken) order by k.subject_code)
              from center_capacity k where k.center_id = c.id), '[]'::json) as capacities""";
  private static final String CENTERS = "select " + CENTER_COLUMNS + " " + """
     from test_center c where c.exam_session_id = $1 and c.province_code = $2 order by c.code""";
  private static final String CENTER = "select " + CENTER_COLUMNS + " from test_center c where c.id = $1";
  private static final String CENTER_BY_CODE = "select " + CENTER_COLUMNS
    + " from test_center c where c.exam_session_id = $1 and c.province_code = $2 and c.code = $3 for update";
  private static final String CENTER_FOR_UPDATE = "select " + CENTER_COLUMNS + " from test_center c where c.id = $1 for update";
  private static final String SEARCH_CENTERS = "select " + CENTER_COLUMNS + " " + """
     from test_center c where c.exam_session_id = $1 and ($2::text is null or c.province_code = $2)
      and ($3::text is null or c.code ilike '%' || $3 || '%' or c.name ilike '%' || $3 || '%')
     order by c.province_code, c.code limit $4 offset $5""";
  private static final String INSERT_CENTER = """
    insert into test_center (exam_session_id, province_code, code, name, address, review_required, class_required,
      max_subjects, total_capacity) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id""";
  private static final String UPDATE_CENTER = """
    update test_center set name = $2, address = $3, review_required = $4, class_required = $5, max_subjects = $6,
      total_capacity = $7, updated_at = now() where id = $1""";
  private static final String UPSERT_CAPACITY = """
    insert into center_capacity (center_id, exam_session_id, subject_code, capacity) values ($1, $2, $3, $4)
    on conflict (center_id, subject_code) do update set capacity = excluded.capacity""";

  private final Pool pool;

  public CatalogRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Province>> provinces() {
    return pool.query(PROVINCES).execute().map(rows -> {
      List<Province> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Province(r.getString("code"), r.getString("name"), r.getString("name_en"))));
      return out;
    });
  }

  public Future<List<ExamSession>> sessions() {
    return pool.query(SESSIONS).execute().compose(this::withSubjects);
  }

  /** The session with its subjects, or null. */
  public Future<ExamSession> session(long id) {
    return pool.preparedQuery(SESSION).execute(Tuple.of(id)).compose(this::withSubjects)
      .map(list -> list.isEmpty() ? null : list.get(0));
  }

  private Future<List<ExamSession>> withSubjects(RowSet<Row> sessionRows) {
    List<Long> ids = new ArrayList<>();
    sessionRows.forEach(r -> ids.add(r.getLong("id")));
    if (ids.isEmpty()) return Future.succeededFuture(List.of());
    return pool.preparedQuery(SUBJECTS).execute(Tuple.of(ids.toArray(Long[]::new))).map(subjectRows -> {
      Map<Long, List<Subject>> bySession = new LinkedHashMap<>();
      subjectRows.forEach(r -> bySession.computeIfAbsent(r.getLong("exam_session_id"), k -> new ArrayList<>())
        .add(new Subject(r.getString("code"), r.getString("name"), r.getInteger("level"), r.getInteger("fee_fen"))));
      List<ExamSession> out = new ArrayList<>();
      sessionRows.forEach(r -> out.add(new ExamSession(r.getLong("id"), r.getString("name"), r.getString("name_en"),
        List.copyOf(bySession.getOrDefault(r.getLong("id"), List.of())))));
      return out;
    });
  }

  public Future<Long> insertSession(SqlClient tx, String name, String nameEn, List<Subject> subjects) {
    return tx.preparedQuery(INSERT_SESSION).execute(Tuple.of(name, nameEn))
      .recover(err -> Future.failedFuture(unique(err, "name", "catalog.sessionNameTaken")))
      .compose(rows -> {
        long id = rows.iterator().next().getLong("id");
        if (subjects.isEmpty()) return Future.succeededFuture(id);
        List<Tuple> batch = subjects.stream()
          .map(s -> Tuple.of(id, s.code(), s.name(), s.level(), s.feeFen())).toList();
        return tx.preparedQuery(INSERT_SUBJECT).executeBatch(batch).map(id);
      });
  }

  public Future<Void> upsertSubject(SqlClient tx, long sessionId, Subject s) {
    return tx.preparedQuery(UPSERT_SUBJECT).execute(Tuple.of(sessionId, s.code(), s.name(), s.level(), s.feeFen()))
      .mapEmpty();
  }

  public Future<List<Window>> windows(long sessionId) {
    return pool.preparedQuery(WINDOWS).execute(Tuple.of(sessionId)).map(rows -> {
      List<Window> out = new ArrayList<>();
      rows.forEach(r -> out.add(window(r)));
      return out;
    });
  }

  /** The window of one province, or null when none is set. */
  public Future<Window> window(SqlClient client, long sessionId, String provinceCode) {
    return client.preparedQuery(WINDOW).execute(Tuple.of(sessionId, provinceCode))
      .map(rows -> rows.size() == 0 ? null : window(rows.iterator().next()));
  }

  public Future<Void> upsertWindow(SqlClient tx, Window w) {
    return tx.preparedQuery(UPSERT_WINDOW).execute(Tuple.of(w.examSessionId(), w.provinceCode(),
        w.opensAt().atOffset(ZoneOffset.UTC), w.closesAt().atOffset(ZoneOffset.UTC),
        w.payDeadline().atOffset(ZoneOffset.UTC), w.ticketPrintFrom().atOffset(ZoneOffset.UTC),
        w.ticketPrintTo().atOffset(ZoneOffset.UTC)))
      .recover(err -> Future.failedFuture(foreignKey(err, "code", "catalog.unknownProvince")))
      .mapEmpty();
  }

  public Future<List<Center>> centers(long sessionId, String provinceCode) {
    return pool.preparedQuery(CENTERS).execute(Tuple.of(sessionId, provinceCode)).map(CatalogRepository::centers);
  }

  public Future<List<Center>> searchCenters(long sessionId, String provinceCode, String query, int limit, int offset) {
    return pool.preparedQuery(SEARCH_CENTERS).execute(Tuple.of(sessionId, provinceCode, query, limit, offset))
      .map(CatalogRepository::centers);
  }

  /** The center, or null. */
  public Future<Center> center(SqlClient client, long id) {
    return client.preparedQuery(CENTER).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : center(rows.iterator().next()));
  }

  /** The center with this code in the province, locked for the caller's transaction; null when none. */
  public Future<Center> centerByCode(SqlClient tx, long sessionId, String provinceCode, String code) {
    return tx.preparedQuery(CENTER_BY_CODE).execute(Tuple.of(sessionId, provinceCode, code))
      .map(rows -> rows.size() == 0 ? null : center(rows.iterator().next()));
  }

  public Future<Center> centerForUpdate(SqlClient tx, long id) {
    return tx.preparedQuery(CENTER_FOR_UPDATE).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : center(rows.iterator().next()));
  }

  public Future<Long> insertCenter(SqlClient tx, long sessionId, CenterInput c) {
    return tx.preparedQuery(INSERT_CENTER).execute(Tuple.from(new Object[]{sessionId, c.provinceCode(), c.code(),
        c.name(), c.address(), c.reviewRequired(), c.classRequired(), c.maxSubjects(), c.totalCapacity()}))
      .recover(err -> Future.failedFuture(unique(foreignKey(err, "provinceCode", "catalog.unknownProvince"), "code",
        "catalog.centerCodeTaken")))
      .compose(rows -> {
        long id = rows.iterator().next().getLong("id");
        return upsertCapacities(tx, id, sessionId, c.capacities()).map(id);
      });
  }

  public Future<Void> updateCenter(SqlClient tx, long id, long sessionId, CenterInput c) {
    return tx.preparedQuery(UPDATE_CENTER).execute(Tuple.from(new Object[]{id, c.name(), c.address(),
        c.reviewRequired(), c.classRequired(), c.maxSubjects(), c.totalCapacity()}))
      .recover(err -> Future.failedFuture(check(err, "totalCapacity", "catalog.capacityBelowTaken")))
      .compose(v -> upsertCapacities(tx, id, sessionId, c.capacities()));
  }

  private Future<Void> upsertCapacities(SqlClient tx, long centerId, long sessionId, Map<String, Integer> capacities) {
    if (capacities.isEmpty()) return Future.succeededFuture();
    List<Tuple> batch = new ArrayList<>();
    capacities.forEach((code, cap) -> batch.add(Tuple.of(centerId, sessionId, code, cap)));
    return tx.preparedQuery(UPSERT_CAPACITY).executeBatch(batch)
      .recover(err -> Future.failedFuture(check(foreignKey(err, "capacities", "catalog.unknownSubject"),
        "capacities", "catalog.capacityBelowTaken")))
      .mapEmpty();
  }

  private static List<Center> centers(RowSet<Row> rows) {
    List<Center> out = new ArrayList<>();
    rows.forEach(r -> out.add(center(r)));
    return out;
  }

  static Center center(Row r) {
    List<Capacity> caps = new ArrayList<>();
    Object json = r.getValue("capacities");
    io.vertx.core.json.JsonArray arr = json instanceof io.vertx.core.json.JsonArray a ? a
      : new io.vertx.core.json.JsonArray(String.valueOf(json));
    for (int i = 0; i < arr.size(); i++) {
      io.vertx.core.json.JsonArray k = arr.getJsonArray(i);
      caps.add(new Capacity(k.getString(0), k.getInteger(1), k.getInteger(2)));
    }
    return new Center(r.getLong("id"), r.getLong("exam_session_id"), r.getString("province_code"), r.getString("code"),
      r.getString("name"), r.getString("address"), r.getBoolean("review_required"), r.getBoolean("class_required"),
      r.getInteger("max_subjects"), r.getInteger("total_capacity"), r.getInteger("total_taken"), List.copyOf(caps));
  }

  private static Window window(Row r) {
    return new Window(r.getLong("exam_session_id"), r.getString("province_code"),
      r.getOffsetDateTime("opens_at").toInstant(), r.getOffsetDateTime("closes_at").toInstant(),
      r.getOffsetDateTime("pay_deadline").toInstant(), r.getOffsetDateTime("ticket_print_from").toInstant(),
      r.getOffsetDateTime("ticket_print_to").toInstant());
  }

  static Throwable unique(Throwable err, String field, String key) {
    return sqlState(err, "23505") ? AppException.field(ErrorCode.VALIDATION_FAILED, field, key) : err;
  }

  static Throwable foreignKey(Throwable err, String field, String key) {
    return sqlState(err, "23503") ? AppException.field(ErrorCode.VALIDATION_FAILED, field, key) : err;
  }

  static Throwable check(Throwable err, String field, String key) {
    return sqlState(err, "23514") ? AppException.field(ErrorCode.INVALID_STATE, field, key) : err;
  }

  private static boolean sqlState(Throwable err, String state) {
    return err instanceof PgException pg && state.equals(pg.getSqlState());
  }
}
