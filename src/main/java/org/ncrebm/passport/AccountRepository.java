package org.ncrebm.passport;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.web.Lang;

import java.util.UUID;

/** Accounts in PostgreSQL. Uniqueness of e-mail (case-insensitive) and mobile is the database's job. */
public final class AccountRepository {
  private static final String COLUMNS = "id, email, mobile, password_hash, status, created_at, lang";
  private static final String INSERT = "insert into account (email, mobile, password_hash, lang) values ($1, $2, $3, $4) "
    + "returning " + COLUMNS;
  private static final String BY_EMAIL = "select " + COLUMNS + " from account where lower(email) = lower($1)";
  private static final String BY_MOBILE = "select " + COLUMNS + " from account where mobile = $1";
  private static final String BY_ID = "select " + COLUMNS + " from account where id = $1";
  private static final String TAKEN = """
    select exists(select 1 from account where lower(email) = lower($1)) as email_taken,
           exists(select 1 from account where mobile = $2) as mobile_taken""";
  private static final String UPDATE_PASSWORD = """
    update account set password_hash = $2, password_changed_at = now() where id = $1""";
  private static final String UPDATE_LANG = "update account set lang = $2 where id = $1 returning " + COLUMNS;

  private final Pool pool;

  public AccountRepository(Pool pool) {
    this.pool = pool;
  }

  /** Inserts an account; a duplicate e-mail or mobile fails with {@code EMAIL_TAKEN} / {@code MOBILE_TAKEN}. */
  public Future<Account> insert(SqlClient tx, String email, String mobile, String passwordHash, Lang lang) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(email, mobile, passwordHash, lang.code()))
      .map(rows -> fromRow(rows.iterator().next()))
      .recover(err -> Future.failedFuture(duplicate(err)));
  }

  /** Which of the two is already taken, before spending an argon2 hash on a doomed registration. */
  public Future<Void> checkAvailable(String email, String mobile) {
    return pool.preparedQuery(TAKEN).execute(Tuple.of(email, mobile)).compose(rows -> {
      Row r = rows.iterator().next();
      if (r.getBoolean("email_taken")) return Future.failedFuture(taken(ErrorCode.EMAIL_TAKEN));
      if (r.getBoolean("mobile_taken")) return Future.failedFuture(taken(ErrorCode.MOBILE_TAKEN));
      return Future.succeededFuture();
    });
  }

  /** By e-mail (case-insensitive) or mainland mobile number; null when none. */
  public Future<Account> findByLogin(String login) {
    String sql = login.contains("@") ? BY_EMAIL : BY_MOBILE;
    return pool.preparedQuery(sql).execute(Tuple.of(login)).map(AccountRepository::firstOrNull);
  }

  public Future<Account> findById(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(BY_ID).execute(Tuple.of(uuid)).map(AccountRepository::firstOrNull);
  }

  public Future<Void> updatePassword(SqlClient tx, String id, String passwordHash) {
    return tx.preparedQuery(UPDATE_PASSWORD).execute(Tuple.of(UUID.fromString(id), passwordHash)).mapEmpty();
  }

  /** Sets the account's language; the account as it now is, or null when there is no such account. */
  public Future<Account> updateLang(SqlClient tx, String id, Lang lang) {
    return tx.preparedQuery(UPDATE_LANG).execute(Tuple.of(UUID.fromString(id), lang.code()))
      .map(AccountRepository::firstOrNull);
  }

  private static Account firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : fromRow(rows.iterator().next());
  }

  static Account fromRow(Row r) {
    return new Account(r.getUUID("id").toString(), r.getString("email"), r.getString("mobile"),
      r.getString("password_hash"), r.getString("status"), r.getOffsetDateTime("created_at"),
      Lang.fromCode(r.getString("lang")));
  }

  private static Throwable duplicate(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      String constraint = pg.getConstraint() == null ? pg.getMessage() : pg.getConstraint();
      return taken(constraint.contains("mobile") ? ErrorCode.MOBILE_TAKEN : ErrorCode.EMAIL_TAKEN);
    }
    return err;
  }

  private static AppException taken(ErrorCode code) {
    return AppException.field(code, code == ErrorCode.EMAIL_TAKEN ? "email" : "mobile",
      code == ErrorCode.EMAIL_TAKEN ? "passport.emailTaken" : "passport.mobileTaken");
  }
}
