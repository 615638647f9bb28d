package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RateLimiter;

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
  private static final List<String> FIELDS = List.of("s", "c", "p");

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
   * The header of a registration the caller names, counting the caller's hit on {@code limit} in the same Redis
   * script (one round trip on the hot hold instead of two: the header is kept in the account's hash slot, next to
   * its limits). Null for an unknown registration; another account's is read from Postgres and answered as it is
   * (the caller checks the owner), never cached under the caller. A miss reads Postgres; a Redis that cannot answer
   * is {@code OVERLOADED}, not a reason to read Postgres: the gate that runs next needs Redis anyway, and a spike's
   * every request falling through to Postgres would fill its pool's wait queue and shed the writers too.
   */
  public Future<Header> get(RateLimiter limiter, RateLimiter.Limit limit, String accountId, UUID id) {
    return limiter.hitAndRead(limit, accountId, key(accountId, id), FIELDS)
      .recover(err -> Future.failedFuture(err instanceof AppException ? err
        : AppException.retryLater(ErrorCode.OVERLOADED, 2)))
      .compose(v -> v.get(0) != null ? Future.succeededFuture(fromRedis(id, accountId, v)) : load(id));
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
    String key = key(h.accountId(), h.id());
    return redis.batch(List.of(
        Request.cmd(Command.HSET).arg(key).arg("s").arg(h.examSessionId()).arg("c").arg(h.centerId())
          .arg("p").arg(h.provinceCode()),
        Request.cmd(Command.EXPIRE).arg(key).arg(TTL_SECONDS)))
      .<Void>mapEmpty().otherwise((Void) null);
  }

  private static Header fromRedis(UUID id, String accountId, List<String> v) {
    return new Header(id, accountId, Long.parseLong(v.get(0)), Long.parseLong(v.get(1)), v.get(2));
  }

  /** In the account's slot: found only under the account it belongs to, so the owner is the key itself. */
  private static String key(String accountId, UUID id) {
    return "reghdr:" + RateLimiter.slot(accountId) + ":" + id;
  }
}
