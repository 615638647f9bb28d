package org.ncrebm.admin;

import org.ncrebm.platform.auth.StaffRole;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/** Staff accounts in PostgreSQL. */
public final class StaffRepository {
  private static final String COLUMNS = """
    id, username, password_hash, role, province_code, center_code, display_name, status, created_at""";
  private static final String BY_USERNAME = "select " + COLUMNS + " from staff_account where username = $1";
  private static final String BY_ID = "select " + COLUMNS + " from staff_account where id = $1";
  private static final String BY_ID_FOR_UPDATE = BY_ID + " for update";
  private static final String LIST = "select " + COLUMNS + " " + """
     from staff_account where ($1::text is null or province_code = $1)
      and ($2::text is null or username ilike '%' || $2 || '%' or display_name ilike '%' || $2 || '%')
     order by role, province_code nulls first, center_code nulls first, username limit $3 offset $4""";
  private static final String INSERT = """
    insert into staff_account (username, password_hash, role, province_code, center_code, display_name, created_by)
    values ($1, $2, $3, $4, $5, $6, $7) returning id""";
  private static final String SET_STATUS = "update staff_account set status = $2 where id = $1";
  private static final String SET_PASSWORD = """
    update staff_account set password_hash = $2, password_changed_at = now() where id = $1""";

  private final Pool pool;

  public StaffRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<StaffAccount> byUsername(String username) {
    return pool.preparedQuery(BY_USERNAME).execute(Tuple.of(username))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  public Future<StaffAccount> byId(SqlClient client, long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  public Future<StaffAccount> byIdForUpdate(SqlClient tx, long id) {
    return tx.preparedQuery(BY_ID_FOR_UPDATE).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  public Future<List<StaffAccount>> list(String provinceCode, String query, int limit, int offset) {
    return pool.preparedQuery(LIST).execute(Tuple.of(provinceCode, query, limit, offset)).map(rows -> {
      List<StaffAccount> out = new ArrayList<>();
      rows.forEach(r -> out.add(fromRow(r)));
      return out;
    });
  }

  public Future<Long> insert(SqlClient tx, String username, String hash, StaffRole role, String province,
                             String centerCode, String displayName, long createdBy) {
    return tx.preparedQuery(INSERT)
      .execute(Tuple.from(new Object[]{username, hash, role.name(), province, centerCode, displayName, createdBy}))
      .map(rows -> rows.iterator().next().getLong("id"))
      .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "username", "staff.usernameTaken"))
        : Future.failedFuture(err));
  }

  public Future<Void> setStatus(SqlClient tx, long id, String status) {
    return tx.preparedQuery(SET_STATUS).execute(Tuple.of(id, status)).mapEmpty();
  }

  public Future<Void> setPassword(SqlClient tx, long id, String hash) {
    return tx.preparedQuery(SET_PASSWORD).execute(Tuple.of(id, hash)).mapEmpty();
  }

  static StaffAccount fromRow(Row r) {
    return new StaffAccount(r.getLong("id"), r.getString("username"), r.getString("password_hash"),
      StaffRole.of(r.getString("role")), r.getString("province_code"), r.getString("center_code"),
      r.getString("display_name"), r.getString("status"), r.getOffsetDateTime("created_at"));
  }
}
