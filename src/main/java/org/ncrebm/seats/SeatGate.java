package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RedisScripts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The fast gate in front of Postgres for the exam-day spike (features S1, S3): per exam session x center x subject a
 * stock counter and the set of registrations holding a seat, changed only by Lua scripts, all keys of one counter in
 * one hash slot (so it runs on Redis Cluster unchanged). "Sold out" is answered from Redis alone; a winner then writes
 * Postgres, whose {@code taken <= capacity} CHECK has the final word, and a failed write is compensated here. A
 * missing counter (first use, Redis flushed or restarted) is rebuilt from Postgres; the repair job corrects drift.
 * Redis never decides alone that a seat is sold. A counter just found sold out is remembered for a quarter second
 * ({@link SoldOutMemory}), so the spike's repeated asks of it are answered without Redis.
 */
public final class SeatGate {
  private static final Logger LOG = LoggerFactory.getLogger(SeatGate.class);
  private static final String TRUTH = """
    select k.capacity - k.taken as stock,
      coalesce(array_agg(s.registration_id::text) filter (where s.registration_id is not null), '{}') as holders,
      (""" + SeatOffers.WAITING_COUNT + """
      ) as waiting
    from center_capacity k left join registration_subject s
      on s.center_id = k.center_id and s.subject_code = k.subject_code
    where k.center_id = $1 and k.subject_code = $2 group by k.center_id, k.subject_code, k.capacity, k.taken""";

  /** One counter: a center's subject in an exam session. */
  public record Counter(long examSessionId, long centerId, String subjectCode) {
    String tag() {
      return "{s" + examSessionId + ":c" + centerId + ":" + subjectCode + "}";
    }

    List<String> keys() {
      return List.of("seats:" + tag() + ":stock", "seats:" + tag() + ":holders");
    }

    /** With the waiting-list count (feature S6), for the scripts that give seats back or rebuild the counter. */
    List<String> keysWithWaiting() {
      return List.of("seats:" + tag() + ":stock", "seats:" + tag() + ":holders", "seats:" + tag() + ":waiting");
    }
  }

  private final Redis redis;
  private final RedisScripts scripts;
  private final Pool pool;
  private final Breaker breaker;
  private final SoldOutMemory soldOut;
  private final java.util.concurrent.ConcurrentMap<Counter, Future<Void>> loading =
    new java.util.concurrent.ConcurrentHashMap<>();

  public SeatGate(Redis redis, RedisScripts scripts, Pool pool, Breaker breaker, java.time.Clock clock) {
    this.redis = redis;
    this.scripts = scripts;
    this.pool = pool;
    this.breaker = breaker;
    this.soldOut = new SoldOutMemory(scripts, clock);
  }

  /** Whether this process would answer "sold out" for the counter from its memory now (tests). */
  public boolean remembersSoldOut(Counter c) {
    return soldOut.remembers(c);
  }

  /** Forgets every remembered sold-out counter (tests restart ids; a remembered counter may name another's now). */
  public void forgetCached() {
    soldOut.clear();
  }

  /**
   * Takes a seat of every subject for the registration, or none: on the first sold-out subject the seats this call
   * took are given back and {@code SEAT_SOLD_OUT} names the subject. Redis trouble is {@code OVERLOADED}. The future
   * carries the counters this call took (seats already held before are not among them), to compensate with.
   */
  public Future<List<Counter>> holdAll(UUID registrationId, long sessionId, long centerId, List<String> subjects) {
    List<String> sorted = subjects.stream().sorted().toList();
    if (sorted.size() < 2) return takeInOrder(registrationId, sessionId, centerId, sorted);
    return firstSoldOut(registrationId, sessionId, centerId, sorted).compose(soldOut -> soldOut == null
      ? takeInOrder(registrationId, sessionId, centerId, sorted)
      : Future.failedFuture(AppException.reason(ErrorCode.SEAT_SOLD_OUT, "subjects", "seats.soldOut", soldOut)));
  }

  /**
   * Before a multi-subject request takes anything: the first subject Redis already shows as sold out (and not held by
   * this registration), else null. Taking seats one subject at a time and giving them back on a later sold-out one
   * would, for that moment, show the earlier subjects as sold out to everyone else; looking first keeps that rare.
   * A missing counter or a Redis error counts as "not known sold out": the takes below decide.
   */
  private Future<String> firstSoldOut(UUID registrationId, long sessionId, long centerId, List<String> sorted) {
    List<Future<Boolean>> looks = new ArrayList<>();
    for (String code : sorted) {
      Counter c = new Counter(sessionId, centerId, code);
      if (soldOut.soldOutFor(c, registrationId.toString())) {
        looks.add(Future.succeededFuture(true));
        continue;
      }
      List<String> keys = c.keys();
      looks.add(redis.batch(List.of(Request.cmd(Command.GET).arg(keys.get(0)),
          Request.cmd(Command.SISMEMBER).arg(keys.get(1)).arg(registrationId.toString())))
        .map(r -> r.get(0) != null && r.get(0).toLong() <= 0 && r.get(1).toInteger() == 0)
        .otherwise(false));
    }
    return Future.join(looks).map(all -> {
      for (int i = 0; i < sorted.size(); i++) {
        if (Boolean.TRUE.equals(looks.get(i).result())) return sorted.get(i);
      }
      return null;
    });
  }

  private Future<List<Counter>> takeInOrder(UUID registrationId, long sessionId, long centerId, List<String> sorted) {
    List<Counter> taken = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String code : sorted) {
      Counter c = new Counter(sessionId, centerId, code);
      chain = chain.compose(v -> {
        if (soldOut.soldOutFor(c, registrationId.toString())) return Future.failedFuture(soldOut(code));
        return hold(c, registrationId).compose(result -> {
          if (result == 1) taken.add(c);
          if (result >= 1) return Future.<Void>succeededFuture();
          soldOut.soldOut(c);
          return Future.failedFuture(soldOut(code));
        });
      });
    }
    return chain.map(v -> List.copyOf(taken))
      .recover(err -> releaseAll(registrationId, taken).transform(ar -> Future.failedFuture(err)));
  }

  private static AppException soldOut(String code) {
    return AppException.reason(ErrorCode.SEAT_SOLD_OUT, "subjects", "seats.soldOut", code);
  }

  /** Gives back the seats (after a release in Postgres, or to compensate a failed write); never fails the caller. */
  public Future<Void> releaseAll(UUID registrationId, List<Counter> counters) {
    List<Future<Response>> all = new ArrayList<>();
    for (Counter c : counters) {
      soldOut.changed(c);
      all.add(scripts.eval("seat_release", c.keysWithWaiting(), List.of(registrationId.toString())));
    }
    return Future.join(all).<Void>mapEmpty().otherwise(err -> {
      // A lost release leaves the counter low (never oversells); the repair job restores it.
      LOG.warn("seat release in Redis failed for {}: {}", registrationId, err.toString());
      return null;
    });
  }

  public Future<Void> release(UUID registrationId, long sessionId, long centerId, List<String> subjects) {
    return releaseAll(registrationId, subjects.stream().map(s -> new Counter(sessionId, centerId, s)).toList());
  }

  /** 1 newly held, 2 already held by this registration, 0 sold out. */
  private Future<Integer> hold(Counter c, UUID registrationId) {
    return breaker.call(() -> scripts.eval("seat_hold", c.keys(), List.of(registrationId.toString())))
      .compose(r -> r.toInteger() != -1 ? Future.succeededFuture(r.toInteger())
        : initOnce(c).compose(v -> breaker.call(() ->
          scripts.eval("seat_hold", c.keys(), List.of(registrationId.toString())))).map(again -> again.toInteger()));
  }

  /**
   * Builds a missing counter from Postgres once per process however many requests find it missing at the same moment:
   * at a window's opening (or after a Redis flush) the first second's requests all find it missing, and one Postgres
   * query each overflowed the pool's wait queue (load tests: 361 of 1,500 holds shed with 503).
   */
  private Future<Void> initOnce(Counter c) {
    Future<Void> running = loading.get(c);
    if (running != null) return running;
    io.vertx.core.Promise<Void> mine = io.vertx.core.Promise.promise();
    Future<Void> raced = loading.putIfAbsent(c, mine.future());
    if (raced != null) return raced;
    load(c, "init").onComplete(ar -> {
      loading.remove(c, mine.future());
      mine.handle(ar);
    });
    return mine.future();
  }

  /** Writes Postgres' truth into a counter: {@code init} only when it is missing, {@code reset} always. */
  public Future<Void> load(Counter c, String mode) {
    soldOut.changed(c);
    return pool.preparedQuery(TRUTH).execute(Tuple.of(c.centerId(), c.subjectCode())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "seats.notOffered",
          c.subjectCode()));
      }
      var row = rows.iterator().next();
      List<String> args = new ArrayList<>();
      args.add(mode);
      args.add(Integer.toString(Math.max(0, row.getInteger("stock"))));
      args.add(Long.toString(row.getLong("waiting")));
      args.addAll(List.of(row.getArrayOfStrings("holders")));
      return scripts.eval("seat_load", c.keysWithWaiting(), args).mapEmpty();
    });
  }

  /** The counter as Redis has it: [stock, holders, waiting], or null when missing. */
  public Future<long[]> peek(Counter c) {
    List<String> keys = c.keysWithWaiting();
    return redis.batch(List.of(Request.cmd(Command.GET).arg(keys.get(0)), Request.cmd(Command.SCARD).arg(keys.get(1)),
        Request.cmd(Command.GET).arg(keys.get(2))))
      .map(r -> r.get(0) == null ? null
        : new long[]{r.get(0).toLong(), r.get(1).toLong(), r.get(2) == null ? 0 : r.get(2).toLong()});
  }

  /**
   * A waiting list's change to the counter, after Postgres committed it ({@code seat_waitlist.lua}: join, leave,
   * pass, return, accept). Never fails the caller: a lost change leaves a counter the repair job corrects, and
   * Postgres decides every seat anyway.
   */
  public Future<Void> waitlist(Counter c, String what, UUID registrationId) {
    soldOut.changed(c);
    List<String> args = registrationId == null ? List.of(what) : List.of(what, registrationId.toString());
    return scripts.eval("seat_waitlist", c.keysWithWaiting(), args).<Void>mapEmpty().otherwise(err -> {
      LOG.warn("waiting-list change {} in Redis failed for {}: {}", what, c.tag(), err.toString());
      return null;
    });
  }
}
