package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.List;
import java.util.UUID;

/**
 * Who owns a registration and where it is (account, exam session, center, province): what the seat gate needs to
 * answer "sold out" from Redis alone during the spike. Cached in Redis (written when a registration starts or moves,
 * read through from Postgres on a miss); only a hint, since every change re-checks the locked row in Postgres.
 */
public final class RegistrationHeaders {
  private static final String LOAD = """
    select account_id, exam_session_id, center_id, province_code from registration where id = $1""";
  private static final int TTL_SECONDS = 7 * 24 * 3600;

  /** The stable facts of a registration. */
  public record Header(UUID id, String accountId, long examSessionId, long centerId, String provinceCode) {
  }

  private final Redis redis;
  private final Pool pool;

  public RegistrationHeaders(Redis redis, Pool pool) {
    this.redis = redis;
    this.pool = pool;
  }

  /**
   * The header, or null for an unknown registration. A miss reads Postgres; a Redis that cannot answer is
   * {@code OVERLOADED}, not a reason to read Postgres: the gate that runs next needs Redis anyway, and a spike's
   * every request falling through to Postgres would fill its pool's wait queue and shed the writers too.
   */
  public Future<Header> get(UUID id) {
    return redis.send(Request.cmd(Command.HMGET).arg(key(id)).arg("a").arg("s").arg("c").arg("p"))
      .recover(err -> Future.failedFuture(AppException.retryLater(ErrorCode.OVERLOADED, 2)))
      .compose(r -> r != null && r.get(0) != null ? Future.succeededFuture(fromRedis(id, r)) : load(id));
  }

  private Future<Header> load(UUID id) {
    return pool.preparedQuery(LOAD).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture();
      var row = rows.iterator().next();
      Header h = new Header(id, row.getUUID("account_id").toString(), row.getLong("exam_session_id"),
        row.getLong("center_id"), row.getString("province_code"));
      return put(h).map(h);
    });
  }

  public Future<Void> put(Header h) {
    return redis.batch(List.of(
        Request.cmd(Command.HSET).arg(key(h.id())).arg("a").arg(h.accountId()).arg("s").arg(h.examSessionId())
          .arg("c").arg(h.centerId()).arg("p").arg(h.provinceCode()),
        Request.cmd(Command.EXPIRE).arg(key(h.id())).arg(TTL_SECONDS)))
      .<Void>mapEmpty().otherwise((Void) null);
  }

  public Future<Void> forget(UUID id) {
    return redis.send(Request.cmd(Command.DEL).arg(key(id))).<Void>mapEmpty().otherwise((Void) null);
  }

  private static Header fromRedis(UUID id, Response r) {
    return new Header(id, r.get(0).toString(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toString());
  }

  private static String key(UUID id) {
    return "reghdr:{" + id + "}";
  }
}
