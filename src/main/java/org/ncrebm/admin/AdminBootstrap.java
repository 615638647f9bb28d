package org.ncrebm.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.auth.PasswordHasher;

/** Makes sure the national admin {@code admin} exists from the first start; safe when instances start together. */
public final class AdminBootstrap {
  private static final String EXISTS = "select 1 from staff_account where username = 'admin'";
  private static final String INSERT = """
    insert into staff_account (username, password_hash, role, display_name)
    values ('admin', $1, 'NATIONAL_ADMIN', '系统管理员') on conflict (username) do nothing returning id""";

  private AdminBootstrap() {
  }

  /** True when this call created the account (so its password should be shown once). */
  public static Future<Boolean> ensureNationalAdmin(Pool pool, PasswordHasher hasher, String password) {
    return pool.query(EXISTS).execute().compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(false);
      }
      return hasher.hash(password).compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(INSERT)
        .execute(Tuple.of(hash))
        .compose(inserted -> inserted.size() == 0
          ? Future.succeededFuture(false)
          : AuditLog.record(tx, Actor.system("bootstrap"), "staff.create", "staff_account",
              inserted.iterator().next().getLong("id").toString(), null,
              new JsonObject().put("username", "admin").put("role", "NATIONAL_ADMIN"))
            .map(true))));
    });
  }
}
