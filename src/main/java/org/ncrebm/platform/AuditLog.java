package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * Appends to the audit log inside the caller's transaction, so a change and its record commit together or not at
 * all. The table refuses updates and deletes (trigger); there is no route that could edit it.
 */
public final class AuditLog {
  /** From arrays, so a seat batch writes all its records in one statement; a single record is an array of one. */
  private static final String INSERT = """
    insert into audit_log (actor_kind, actor_id, actor_role, action, target_type, target_id, before, after, request_id, ip,
      province_code)
    select kind, id, role, action, target_type, target_id, before::jsonb, after::jsonb, request_id, ip, province_code
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
      $9::text[], $10::text[], $11::text[])
      as u(kind, id, role, action, target_type, target_id, before, after, request_id, ip, province_code)""";

  /** One record: who did what to which target, in which province (null: national), and the values before and after. */
  public record Entry(Actor actor, String action, String targetType, String targetId, String provinceCode,
                      JsonObject before, JsonObject after) {
  }

  private AuditLog() {
  }

  public static Future<Void> record(SqlClient tx, Actor actor, String action, String targetType, String targetId,
                                    JsonObject before, JsonObject after) {
    return record(tx, actor, action, targetType, targetId, null, before, after);
  }

  /** With the province the change belongs to, so province admins see their part of the log. */
  public static Future<Void> record(SqlClient tx, Actor actor, String action, String targetType, String targetId,
                                    String provinceCode, JsonObject before, JsonObject after) {
    return recordAll(tx, List.of(new Entry(actor, action, targetType, targetId, provinceCode, before, after)));
  }

  /** Several records in one statement. */
  public static Future<Void> recordAll(SqlClient tx, List<Entry> entries) {
    int n = entries.size();
    if (n == 0) return Future.succeededFuture();
    String[][] columns = new String[11][n];
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(i);
      columns[0][i] = e.actor().kind();
      columns[1][i] = e.actor().id();
      columns[2][i] = e.actor().role();
      columns[3][i] = e.action();
      columns[4][i] = e.targetType();
      columns[5][i] = e.targetId();
      columns[6][i] = e.before() == null ? null : e.before().encode();
      columns[7][i] = e.after() == null ? null : e.after().encode();
      columns[8][i] = e.actor().requestId();
      columns[9][i] = e.actor().ip();
      columns[10][i] = e.provinceCode();
    }
    return tx.preparedQuery(INSERT).execute(Tuple.from((Object[]) columns)).mapEmpty();
  }
}
