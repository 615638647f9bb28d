package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Appends to the audit log inside the caller's transaction, so a change and its record commit together or not at
 * all. The table refuses updates and deletes (trigger); there is no route that could edit it.
 */
public final class AuditLog {
  private static final String INSERT = """
    insert into audit_log (actor_kind, actor_id, actor_role, action, target_type, target_id, before, after, request_id, ip,
      province_code) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";

  private AuditLog() {
  }

  public static Future<Void> record(SqlClient tx, Actor actor, String action, String targetType, String targetId,
                                    JsonObject before, JsonObject after) {
    return record(tx, actor, action, targetType, targetId, null, before, after);
  }

  /** With the province the change belongs to, so province admins see their part of the log. */
  public static Future<Void> record(SqlClient tx, Actor actor, String action, String targetType, String targetId,
                                    String provinceCode, JsonObject before, JsonObject after) {
    return tx.preparedQuery(INSERT)
      .execute(Tuple.from(new Object[]{actor.kind(), actor.id(), actor.role(), action, targetType, targetId, before,
        after, actor.requestId(), actor.ip(), provinceCode}))
      .mapEmpty();
  }
}
