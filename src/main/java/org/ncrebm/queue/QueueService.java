package org.ncrebm.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.RedisScripts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The waiting room of a province's window (feature S5). Entries live in a Redis sorted set per window (Lua, one hash
 * slot per room: {@code {q:sid:code}}), ordered by a score: a random number in [0, 1) for whoever enters before the
 * room opens, so refreshing early earns nothing, and the entry time in epoch microseconds after, so later comers
 * queue behind them in arrival order. Every entry is first recorded in Postgres with its score (and later its
 * admission): a flushed or restarted Redis finds the room's state missing and it is rebuilt from that record ({@link
 * RoomState}), the same order and the same admissions. The admission job admits at the room's rate ({@link AdmissionRate}) once per
 * tick across instances; an admission is a signed token ({@link AdmissionTokens}) checked without a database read.
 */
public final class QueueService {
  private static final long ROOM_CACHE_MILLIS = 1000;
  private static final RateLimiter.Limit ENTRIES = new RateLimiter.Limit("queue-enter", 30, Duration.ofMinutes(1));

  /** A room's figures for staff and /metrics. */
  public record Stats(long waiting, long admitted, double rate) {
    public JsonObject json() {
      return new JsonObject().put("waiting", waiting).put("admitted", admitted)
        .put("admitPerSecondNow", Math.round(rate * 10) / 10.0);
    }
  }

  private record Timed(long until, WaitingRoom room) {
  }

  private final Pool pool;
  private final QueueRepository repository = new QueueRepository();
  private final RoomState state;
  private final AdmissionTokens tokens;
  private final AdmissionRate rates;
  private final RateLimiter limiter;
  private final Clock clock;
  private final ConcurrentMap<String, Timed> rooms = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Stats> lastStats = new ConcurrentHashMap<>();
  private volatile Supplier<AdmissionRate.Signals> signals = () -> AdmissionRate.Signals.CALM;
  private volatile java.util.function.BiConsumer<String, Stats> onStats = (room, stats) -> { };

  public QueueService(Pool pool, Redis redis, RedisScripts scripts, AdmissionTokens tokens,
                      AdmissionRate rates, RateLimiter limiter, Clock clock) {
    this.pool = pool;
    this.tokens = tokens;
    this.rates = rates;
    this.limiter = limiter;
    this.clock = clock;
    this.state = new RoomState(pool, redis, scripts, repository);
  }

  /** Where the admission job reads the service's health (pool wait queues, seat-write backlog). */
  public void useSignals(Supplier<AdmissionRate.Signals> signals) {
    this.signals = signals;
  }

  /** Told each room's figures after every admission tick (the metrics' gauges). */
  public void observeStats(java.util.function.BiConsumer<String, Stats> onStats) {
    this.onStats = onStats;
  }

  public Instant now() {
    return clock.instant();
  }

  public AdmissionTokens tokens() {
    return tokens;
  }

  // ---- the room's set-up (staff) ----

  /** Drops the one-second room cache: for tests that empty the tables and restart their ids (see CatalogService). */
  public void forgetCached() {
    rooms.clear();
    lastStats.clear();
  }

  /** The window's room (switched off with the defaults when never set up); {@code NOT_FOUND} without a window. */
  public Future<WaitingRoom> room(long sid, String province) {
    String key = key(sid, province);
    Timed cached = rooms.get(key);
    if (cached != null && cached.until() > System.currentTimeMillis()) return Future.succeededFuture(cached.room());
    return repository.room(pool, sid, province).compose(room -> {
      if (room == null) return Future.failedFuture(AppException.notFound());
      rooms.put(key, new Timed(System.currentTimeMillis() + ROOM_CACHE_MILLIS, room));
      return Future.succeededFuture(room);
    });
  }

  /** Sets the room up, audited in the same transaction; {@code NOT_FOUND} when the window does not exist. */
  public Future<WaitingRoom> configure(Actor actor, long sid, String province, WaitingRoom.Settings settings) {
    return pool.withTransaction(tx -> repository.room(tx, sid, province).compose(before -> {
        if (before == null) return Future.failedFuture(AppException.notFound());
        if (settings.opensAt() != null && !settings.opensAt().isBefore(before.closesAt())) {
          return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "opensAt", "queue.opensBeforeClose"));
        }
        return repository.save(tx, sid, province, settings)
          .compose(v -> repository.room(tx, sid, province))
          .compose(after -> AuditLog.record(tx, actor, "queue.configure", "waiting_room", key(sid, province), province,
            before.json(), after.json()).map(after));
      }))
      .onSuccess(room -> rooms.remove(key(sid, province)));
  }

  /** The room's figures as Redis has them now (the rate is the adaptive one, or the set one before the first tick). */
  public Future<Stats> stats(WaitingRoom room) {
    return state.stats(room);
  }

  /**
   * The staff dashboard's rows: a session's enabled rooms (one province's, or all when {@code province} is null)
   * with their figures, as {provinceCode, waiting, admitted, rate, link}.
   */
  public Future<List<java.util.Map<String, Object>>> dashboard(long sid, String province) {
    return repository.ofSession(pool, sid, province).compose(list -> Future.all(list.stream()
        .map(room -> stats(room).map(s -> java.util.Map.<String, Object>of("provinceCode", room.provinceCode(),
          "waiting", s.waiting(), "admitted", s.admitted(), "rate", String.format(Locale.ROOT, "%.1f", s.rate()),
          "link", "/staff/exam-sessions/" + sid + "/provinces/" + room.provinceCode() + "/waiting-room")))
        .toList()))
      .map(all -> all.<java.util.Map<String, Object>>list());
  }

  // ---- candidates ----

  /**
   * Enters the caller in the room, or finds their entry again: one per account and window, the same position from
   * any device. A room switched off or a window closed answers {@code CLOSED} and records nothing.
   */
  public Future<QueueEntry> enter(String accountId, long sid, String province) {
    return room(sid, province).compose(room -> {
      Instant now = clock.instant();
      if (!room.active(now)) return Future.succeededFuture(QueueEntry.closed());
      UUID account = UUID.fromString(accountId);
      // microseconds since the epoch (about 1.8e15) are exact in a double; a spike's entries rarely share one
      double score = now.isBefore(room.opensAt()) ? ThreadLocalRandom.current().nextDouble()
        : now.getEpochSecond() * 1_000_000.0 + now.getNano() / 1000;
      return limiter.hit(ENTRIES, accountId)
        .compose(v -> repository.enter(pool, sid, province, account, score, now))
        .compose(recorded -> state.enter(room, accountId, recorded.score(), now))
        .map(r -> answer(room, accountId, r, now));
    });
  }

  /** The caller's entry; {@code NOT_IN_QUEUE} when they have none. */
  public Future<QueueEntry> entry(String accountId, long sid, String province) {
    return room(sid, province).compose(room -> {
      Instant now = clock.instant();
      return state.peek(room, accountId, now).compose(r -> {
          int code = r.get(0).toInteger();
          if (code == 0) return Future.failedFuture(AppException.of(ErrorCode.NOT_IN_QUEUE));
          if (code == 3 || !room.active(now)) return Future.succeededFuture(QueueEntry.closed());
          return Future.succeededFuture(answer(room, accountId, r, now));
        });
    });
  }

  private QueueEntry answer(WaitingRoom room, String accountId, Response r, Instant now) {
    if (r.get(0).toInteger() == 2) {
      Instant until = Instant.ofEpochMilli(r.get(4).toLong());
      String token = tokens.sign(new AdmissionTokens.Admission(accountId, room.examSessionId(), room.provinceCode(),
        until));
      return new QueueEntry(QueueEntry.State.ADMITTED, 0, 0, 0L, token, until);
    }
    int ahead = r.get(1).toInteger();
    double rate = RoomState.rateOf(r.get(3), room);
    long eta = (long) Math.ceil((ahead + 1) / rate);
    if (now.isBefore(room.opensAt())) eta += Duration.between(now, room.opensAt()).toSeconds();
    return new QueueEntry(QueueEntry.State.WAITING, ahead + 1, ahead, eta, null, null);
  }

  // ---- the registration gate ----

  /**
   * Lets a registration change of this window through: always while its room is off or the window closed, else only
   * with a token admitting this account to this window now; otherwise {@code ADMISSION_REQUIRED} naming the room.
   * The room's set-up is cached for a second; the token is checked by its signature alone.
   */
  public Future<Void> requireAdmission(String accountId, long sid, String province, String token) {
    return room(sid, province).recover(err -> err instanceof AppException e && e.code() == ErrorCode.NOT_FOUND
        ? Future.succeededFuture() : Future.failedFuture(err))
      .compose(room -> {
        Instant now = clock.instant();
        if (room == null || !room.active(now) || tokens.admits(token, accountId, sid, province, now)) {
          return Future.succeededFuture();
        }
        return Future.failedFuture(AppException.of(ErrorCode.ADMISSION_REQUIRED)
          .withDetail("queue", WaitingRoom.apiPath(sid, province))
          .withDetail("queuePage", WaitingRoom.pagePath(sid, province))
          .seeOther(WaitingRoom.pagePath(sid, province)));
      });
  }

  // ---- the admission job ----

  /**
   * One tick of admissions for every enabled room past its opening: the rate adapts to the service's health, then
   * the first entries are admitted, once per second however many instances run this (the script remembers the
   * tick). The admissions are then recorded in Postgres, so a rebuilt room keeps them.
   */
  public Future<Void> admitOnce() {
    Instant now = clock.instant();
    return repository.enabled(pool, now).compose(list -> Future.join(list.stream()
      .filter(room -> room.admitting(now)).map(room -> admit(room, now)).toList())).mapEmpty();
  }

  private Future<Void> admit(WaitingRoom room, Instant now) {
    String key = key(room.examSessionId(), room.provinceCode());
    AdmissionRate.Signals felt = signals.get();
    Instant until = now.plus(room.admission()).truncatedTo(ChronoUnit.SECONDS);
    return state.rate(room).compose(current -> {
      double rate = rates.next(current, room.admitPerSecond(), felt);
      return state.admit(room, now.getEpochSecond(), rate, until).compose(r -> {
        List<String> admitted = new ArrayList<>();
        for (int i = 3; i < r.size(); i++) admitted.add(r.get(i).toString());
        // a tick another instance ran already keeps the rate it set
        double rateNow = r.get(0).toInteger() == 1 ? rate : lastStats.getOrDefault(key, new Stats(0, 0, rate)).rate();
        Stats stats = new Stats(r.get(1).toLong(), r.get(2).toLong(), rateNow);
        lastStats.put(key, stats);
        onStats.accept(key, stats);
        return repository.admitted(pool, room.examSessionId(), room.provinceCode(), admitted, until);
      });
    });
  }

  static String key(long sid, String province) {
    return sid + ":" + province;
  }
}
