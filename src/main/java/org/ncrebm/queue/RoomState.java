package org.ncrebm.queue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RedisScripts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * A waiting room's state in Redis: the waiting entries (sorted set by score), the admissions (hash account → expiry)
 * and the meta (built marker, last tick, current rate, admitted count), three keys in one hash slot
 * ({@code queue:{q:sid:code}:…}) changed only by the {@code queue_*} Lua scripts. Every script answers -1 when the
 * meta is missing (first use, a flush, a restart): the room is then rebuilt from Postgres' record, once per process,
 * and the script runs again. The keys expire a day after the window closes.
 */
final class RoomState {
  private static final int REBUILD_PAGE = 500;
  private static final Duration KEEP_AFTER_CLOSE = Duration.ofDays(1);
  private final Pool pool;
  private final Redis redis;
  private final RedisScripts scripts;
  private final QueueRepository repository;
  private final ConcurrentMap<String, Future<Void>> rebuilding = new ConcurrentHashMap<>();

  RoomState(Pool pool, Redis redis, RedisScripts scripts, QueueRepository repository) {
    this.pool = pool;
    this.redis = redis;
    this.scripts = scripts;
    this.repository = repository;
  }

  /** {@code queue_enter}: {2, 0, 0, rate, expiry} admitted, else {1, rank, waiting, rate}. */
  Future<Response> enter(WaitingRoom room, String account, double score, Instant now) {
    return run(room, () -> scripts.eval("queue_enter", keys(room), List.of(account, Double.toString(score),
      Long.toString(now.toEpochMilli()), expiry(room))));
  }

  /** {@code queue_peek}: {0} no entry, {1, rank, waiting, rate}, {2|3, 0, 0, rate, expiry} admitted or expired. */
  Future<Response> peek(WaitingRoom room, String account, Instant now) {
    return run(room, () -> scripts.eval("queue_peek", keys(room), List.of(account, Long.toString(now.toEpochMilli()))));
  }

  /** {@code queue_admit} for one tick: {1|0, waiting, admitted, account…} (0: the tick had run already). */
  Future<Response> admit(WaitingRoom room, long tick, double rate, Instant until) {
    return run(room, () -> scripts.eval("queue_admit", keys(room), List.of(Long.toString(tick),
      String.format(Locale.ROOT, "%.3f", rate), Long.toString(until.toEpochMilli()))));
  }

  /** The rate the room admitted at last, NaN before its first tick. */
  Future<Double> rate(WaitingRoom room) {
    return redis.send(Request.cmd(Command.HGET).arg(keys(room).get(2)).arg("rate"))
      .map(r -> r == null ? Double.NaN : Double.parseDouble(r.toString()));
  }

  /** Waiting and admitted as Redis has them now, and the current rate (the set one before the first tick). */
  Future<QueueService.Stats> stats(WaitingRoom room) {
    List<String> k = keys(room);
    return redis.batch(List.of(Request.cmd(Command.ZCARD).arg(k.get(0)),
        Request.cmd(Command.HMGET).arg(k.get(2)).arg("admitted").arg("rate")))
      .map(r -> new QueueService.Stats(r.get(0).toLong(), r.get(1).get(0) == null ? 0 : r.get(1).get(0).toLong(),
        rateOf(r.get(1).get(1), room)));
  }

  /** A rate a script answered (a string, empty before the first tick), else the room's set rate. */
  static double rateOf(Response stored, WaitingRoom room) {
    if (stored != null && !stored.toString().isEmpty()) {
      double r = Double.parseDouble(stored.toString());
      if (r > 0) return r;
    }
    return room.admitPerSecond();
  }

  /** Runs a room script, rebuilding the room first when its state is missing; Redis trouble is OVERLOADED. */
  private Future<Response> run(WaitingRoom room, Supplier<Future<Response>> script) {
    return script.get().compose(r -> r.get(0).toInteger() != -1 ? Future.succeededFuture(r)
        : rebuild(room).compose(v -> script.get()))
      .recover(err -> Future.failedFuture(err instanceof AppException ? err
        : AppException.retryLater(ErrorCode.OVERLOADED, 2)));
  }

  /**
   * Writes the room's record from Postgres into Redis, once per process however many requests find it missing; the
   * script never overwrites what is there, so two instances rebuilding at once agree.
   */
  Future<Void> rebuild(WaitingRoom room) {
    String key = QueueService.key(room.examSessionId(), room.provinceCode());
    Future<Void> running = rebuilding.get(key);
    if (running != null) return running;
    Promise<Void> mine = Promise.promise();
    Future<Void> raced = rebuilding.putIfAbsent(key, mine.future());
    if (raced != null) return raced;
    loadFrom(room, null, new long[]{0}).onComplete(ar -> {
      rebuilding.remove(key, mine.future());
      mine.handle(ar);
    });
    return mine.future();
  }

  private Future<Void> loadFrom(WaitingRoom room, UUID after, long[] admitted) {
    return repository.page(pool, room.examSessionId(), room.provinceCode(), after, REBUILD_PAGE).compose(page -> {
      List<String> waiting = new ArrayList<>();
      List<String> done = new ArrayList<>();
      for (QueueRepository.Recorded e : page) {
        if (e.admittedUntil() == null) {
          waiting.add(Double.toString(e.score()));
          waiting.add(e.accountId().toString());
        } else {
          done.add(e.accountId().toString());
          done.add(Long.toString(e.admittedUntil().toEpochMilli()));
          admitted[0]++;
        }
      }
      boolean last = page.size() < REBUILD_PAGE;
      List<String> args = new ArrayList<>();
      args.add(last ? Long.toString(admitted[0]) : "-");
      args.add(expiry(room));
      args.add(Integer.toString(waiting.size() / 2));
      args.addAll(waiting);
      args.addAll(done);
      Future<Response> loaded = scripts.eval("queue_load", keys(room), args);
      return last ? loaded.mapEmpty()
        : loaded.compose(v -> loadFrom(room, page.get(page.size() - 1).accountId(), admitted));
    });
  }

  private static String expiry(WaitingRoom room) {
    return Long.toString(room.closesAt().plus(KEEP_AFTER_CLOSE).toEpochMilli());
  }

  /** The room's keys, one hash slot: waiting entries, admissions, meta. */
  static List<String> keys(WaitingRoom room) {
    String tag = "{q:" + room.examSessionId() + ":" + room.provinceCode() + "}";
    return List.of("queue:" + tag + ":z", "queue:" + tag + ":adm", "queue:" + tag + ":meta");
  }
}
