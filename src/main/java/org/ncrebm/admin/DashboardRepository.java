package org.ncrebm.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The numbers exam offices watch during a window: registrations by status, seats taken and left, payments, for the
 * whole session (by province), a province (by center) or one center (by subject). Aggregates in SQL, never rows.
 */
public final class DashboardRepository {
  // $1 session, $2 province or null, $3 center code or null
  private static final String STATUS_COUNTS = """
    select r.status, count(*) as n from registration r join test_center c on c.id = r.center_id
    where r.exam_session_id = $1 and ($2::text is null or r.province_code = $2) and ($3::text is null or c.code = $3)
    group by r.status""";
  private static final String SEATS_BY_PROVINCE = """
    select c.province_code as k, sum(k.capacity) as capacity, sum(k.taken) as taken
    from center_capacity k join test_center c on c.id = k.center_id
    where c.exam_session_id = $1 and ($2::text is null or c.province_code = $2) and ($3::text is null or c.code = $3)
    group by c.province_code order by c.province_code""";
  private static final String SEATS_BY_CENTER = """
    select c.code as k, min(c.name) as label, sum(k.capacity) as capacity, sum(k.taken) as taken
    from center_capacity k join test_center c on c.id = k.center_id
    where c.exam_session_id = $1 and ($2::text is null or c.province_code = $2) and ($3::text is null or c.code = $3)
    group by c.code order by c.code""";
  private static final String SEATS_BY_SUBJECT = """
    select k.subject_code as k, sum(k.capacity) as capacity, sum(k.taken) as taken
    from center_capacity k join test_center c on c.id = k.center_id
    where c.exam_session_id = $1 and ($2::text is null or c.province_code = $2) and ($3::text is null or c.code = $3)
    group by k.subject_code order by k.subject_code""";
  private static final String PAID = """
    select count(*) as n, coalesce(sum(s.fee_fen), 0) as fen
    from registration_subject rs join registration r on r.id = rs.registration_id
    join subject s on s.exam_session_id = rs.exam_session_id and s.code = rs.subject_code
    join test_center c on c.id = r.center_id
    where r.exam_session_id = $1 and r.status = 'PAID' and rs.state = 'CONFIRMED'
      and ($2::text is null or r.province_code = $2) and ($3::text is null or c.code = $3)""";

  /** The scope of a dashboard: a province and a center code narrow it; nulls widen it. */
  public record Scope(long sessionId, String provinceCode, String centerCode) {
    public String level() {
      return centerCode != null ? "center" : provinceCode != null ? "province" : "session";
    }
  }

  private final Pool pool;

  public DashboardRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> dashboard(Scope scope) {
    Tuple args = Tuple.of(scope.sessionId(), scope.provinceCode(), scope.centerCode());
    String breakdown = switch (scope.level()) {
      case "session" -> SEATS_BY_PROVINCE;
      case "province" -> SEATS_BY_CENTER;
      default -> SEATS_BY_SUBJECT;
    };
    return Future.all(
        pool.preparedQuery(STATUS_COUNTS).execute(args),
        pool.preparedQuery(breakdown).execute(args),
        pool.preparedQuery(SEATS_BY_SUBJECT).execute(args),
        pool.preparedQuery(PAID).execute(args))
      .map(all -> {
        JsonObject statuses = new JsonObject();
        for (String s : new String[]{"DRAFT", "PENDING_REVIEW", "REJECTED", "PAYABLE", "PAID", "CANCELLED", "EXPIRED"}) {
          statuses.put(s, 0L);
        }
        io.vertx.sqlclient.RowSet<Row> counts = all.resultAt(0);
        counts.forEach(r -> statuses.put(r.getString("status"), r.getLong("n")));
        JsonArray parts = seats(all.resultAt(1));
        JsonArray subjects = seats(all.resultAt(2));
        long capacity = 0;
        long taken = 0;
        for (int i = 0; i < subjects.size(); i++) {
          capacity += subjects.getJsonObject(i).getLong("capacity");
          taken += subjects.getJsonObject(i).getLong("taken");
        }
        Row paid = ((io.vertx.sqlclient.RowSet<Row>) all.resultAt(3)).iterator().next();
        return new JsonObject().put("level", scope.level()).put("registrations", statuses)
          .put("seats", new JsonObject().put("capacity", capacity).put("taken", taken).put("remaining", capacity - taken))
          .put("payments", new JsonObject().put("paidSeats", paid.getLong("n")).put("amountFen", paid.getLong("fen")))
          .put("breakdown", parts).put("bySubject", subjects);
      });
  }

  private static JsonArray seats(io.vertx.sqlclient.RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> {
      long capacity = r.getLong("capacity");
      long taken = r.getLong("taken");
      JsonObject o = new JsonObject().put("key", r.getString("k")).put("capacity", capacity).put("taken", taken)
        .put("remaining", capacity - taken);
      if (r.getColumnIndex("label") >= 0) o.put("label", r.getString("label"));
      out.add(o);
    });
    return out;
  }
}
