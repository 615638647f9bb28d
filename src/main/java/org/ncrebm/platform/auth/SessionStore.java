package org.ncrebm.platform.auth;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.ncrebm.platform.Invalidations;
import org.ncrebm.platform.RedisScripts;
import org.ncrebm.platform.Secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Sessions in Redis, shared by page cookies and API tokens. A session has an idle limit and an absolute limit, both
 * judged by the service clock (so tests move time instead of sleeping); Redis TTLs only collect the garbage.
 * Keys hold a digest of the session id, so a Redis dump yields no usable session. With an {@link Invalidations}
 * feed, live sessions are also kept in this process for a while ({@link SessionCache}); a revocation reaches every
 * instance through the feed.
 */
public final class SessionStore {
  /** What a new session is for. */
  public record NewSession(Principal.Kind kind, String accountId, String role, String provinceCode, String centerCode,
                           String displayName) {
  }

  /** The secret id handed to the client, and when the session ends at the latest. */
  public record Issued(String sessionId, Instant absoluteExpiry) {
  }

  /** About 300 bytes each: the sessions of a busy instance's spike fit many times over. */
  private static final int MAX_CACHED = 200_000;

  private final Redis redis;
  private final RedisScripts scripts;
  private final Clock clock;
  private final Duration idle;
  private final Duration absolute;
  private SessionCache cache;

  public SessionStore(Redis redis, RedisScripts scripts, Clock clock, Duration idle, Duration absolute) {
    this.redis = redis;
    this.scripts = scripts;
    this.clock = clock;
    this.idle = idle;
    this.absolute = absolute;
  }

  /**
   * Keeps live sessions in this process for up to {@code maxAge} (zero: never), forgetting each as soon as the feed
   * says it was revoked; see {@link SessionCache} for why that is safe.
   */
  public SessionStore cacheWith(Invalidations feed, Duration maxAge) {
    if (!maxAge.isZero()) this.cache = new SessionCache(feed, maxAge.toMillis(), MAX_CACHED);
    return this;
  }

  /** Drops the sessions this process holds (tests empty Redis between cases; a cached session would outlive it). */
  public void forgetCached() {
    if (cache != null) cache.lost();
  }

  /** How many sessions this process holds (for tests and metrics). */
  public int cached() {
    return cache == null ? 0 : cache.size();
  }

  public Future<Issued> create(NewSession s) {
    String sid = Secrets.random(32);
    String key = key(sid);
    long now = clock.millis();
    Instant abs = Instant.ofEpochMilli(now).plus(absolute);
    Request hset = Request.cmd(Command.HSET).arg(key)
      .arg("kind").arg(s.kind().name())
      .arg("acct").arg(s.accountId())
      .arg("name").arg(s.displayName() == null ? "" : s.displayName())
      .arg("role").arg(s.role() == null ? "" : s.role())
      .arg("prov").arg(s.provinceCode() == null ? "" : s.provinceCode())
      .arg("center").arg(s.centerCode() == null ? "" : s.centerCode())
      .arg("abs").arg(abs.toEpochMilli())
      .arg("seen").arg(now);
    String index = indexKey(s.kind(), s.accountId());
    // Two batches, one per key: in a Redis Cluster the session and the account's index live in different slots,
    // and a batch may only address one.
    return Future.all(
        redis.batch(List.of(hset, Request.cmd(Command.PEXPIRE).arg(key).arg(gcMillis(idle)))),
        redis.batch(List.of(Request.cmd(Command.SADD).arg(index).arg(key),
          Request.cmd(Command.PEXPIRE).arg(index).arg(gcMillis(absolute)))))
      .map(r -> new Issued(sid, abs));
  }

  /** The live session for a client-held id, touching its idle timer; null when unknown, idle or expired. */
  public Future<Principal> lookup(String sessionId, boolean viaCookie) {
    if (sessionId == null || sessionId.length() < 20 || sessionId.length() > 64) {
      return Future.succeededFuture();
    }
    String key = key(sessionId);
    long now = clock.millis();
    if (cache != null) {
      Principal known = cache.get(key, now, idle.toMillis());
      if (known != null) return Future.succeededFuture(known.viaCookie() == viaCookie ? known : known.via(viaCookie));
    }
    long generation = cache == null ? 0 : cache.generation();
    return scripts.eval("session_touch", List.of(key),
        List.of(Long.toString(now), Long.toString(idle.toMillis()), Long.toString(gcMillis(idle))))
      .map(r -> r == null || r.size() == 0 ? null : read(key, r, viaCookie, now, generation));
  }

  public Future<Void> revoke(Principal p) {
    return Future.all(end(p.sessionKey()),
        redis.send(Request.cmd(Command.SREM).arg(indexKey(p.kind(), p.accountId())).arg(p.sessionKey())))
      .mapEmpty();
  }

  /** Deletes a session and publishes its revocation in one script (see {@code session_revoke.lua}). */
  private Future<Response> end(String key) {
    if (cache != null) cache.forget(key);
    return scripts.eval("session_revoke", List.of(key),
      List.of(Invalidations.CHANNEL, Invalidations.message(SessionCache.KIND, key)));
  }

  /** Ends every session of an account (password change or reset, lockout by staff, account disabled). */
  public Future<Void> revokeAll(Principal.Kind kind, String accountId) {
    String index = indexKey(kind, accountId);
    return redis.send(Request.cmd(Command.SMEMBERS).arg(index)).compose(members -> {
      // One DEL per key, sent together: each session key may sit in its own cluster slot.
      List<Future<Response>> dels = new ArrayList<>();
      if (members != null) {
        for (Response m : members) {
          dels.add(end(m.toString()));
        }
      }
      dels.add(redis.send(Request.cmd(Command.DEL).arg(index)));
      return Future.all(dels).mapEmpty();
    });
  }

  private Principal read(String key, Response flat, boolean viaCookie, long now, long generation) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      m.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    Principal p = new Principal(key, Principal.Kind.valueOf(m.get("kind")), m.get("acct"), emptyToNull(m.get("role")),
      emptyToNull(m.get("prov")), emptyToNull(m.get("center")), m.getOrDefault("name", ""), viaCookie);
    if (cache != null) {
      long seen = Long.parseLong(m.get("seen"));
      // session_touch moved "seen" to now when it was a minute old
      cache.put(key, p, Long.parseLong(m.get("abs")), now - seen >= 60_000 ? now : seen, now, generation);
    }
    return p;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Redis drops the key a while after the service would; the service clock decides. */
  private static long gcMillis(Duration d) {
    return d.toMillis() + Duration.ofMinutes(5).toMillis();
  }

  private static String indexKey(Principal.Kind kind, String accountId) {
    return "sessions:" + kind.name().toLowerCase() + ":" + accountId;
  }

  static String key(String sessionId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
      return "sess:" + HexFormat.of().formatHex(d, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
