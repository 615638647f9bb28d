package org.ncrebm.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.CenterInput;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Province;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.catalog.Catalog.WindowState;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exam sessions, windows and test centers: what candidates read and what exam offices set up. Every change is
 * audited in its own transaction; window states come from the clock.
 */
public final class CatalogService {
  private static final long CENTER_CACHE_MILLIS = 1000;
  private final Pool pool;
  private final CatalogRepository repository;
  private final Clock clock;
  private final Map<String, Cached> centerCache = new ConcurrentHashMap<>();
  private final Map<Long, Timed<Center>> centerById = new ConcurrentHashMap<>();
  private final Map<String, Timed<Window>> windowCache = new ConcurrentHashMap<>();
  private final Map<Long, Timed<ExamSession>> sessionById = new ConcurrentHashMap<>();
  private volatile List<Province> provinces;

  private record Cached(long until, List<Center> centers) {
  }

  private record Timed<T>(long until, T value) {
  }

  /** Reads in flight per event loop: a cache miss during a spike costs one query per loop, not one per request. */
  private final Map<List<Object>, Future<?>> inflight = new ConcurrentHashMap<>();

  /**
   * Single flight for the one-second caches (found by the load tests, issue 9): without it every request that
   * arrives while the expired entry is being reloaded sends its own query, and under a spike those pile up in the
   * Pg pool's wait queue until it overflows. Keyed by the caller's Vert.x context, so a result is only ever handed
   * to the event loop that asked for it; outside a context there is nothing to share.
   */
  @SuppressWarnings("unchecked")
  private <T> Future<T> once(String kind, Object key, java.util.function.Supplier<Future<T>> load) {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    if (context == null) return load.get();
    List<Object> k = List.of(kind, key, context);
    Future<T> running = (Future<T>) inflight.get(k);
    if (running != null) return running;
    Future<T> started = load.get();
    inflight.put(k, started);
    started.onComplete(ar -> inflight.remove(k, started));
    return started;
  }

  private static long nowMillis() {
    return System.nanoTime() / 1_000_000;
  }

  public CatalogService(Pool pool, CatalogRepository repository, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public Future<List<Province>> provinces() {
    List<Province> known = provinces;
    return known != null ? Future.succeededFuture(known) : repository.provinces().onSuccess(p -> provinces = p);
  }

  public Future<Province> province(String code) {
    return provinces().map(list -> list.stream().filter(p -> p.code().equals(code)).findFirst().orElse(null));
  }

  public Future<List<ExamSession>> sessions() {
    return repository.sessions();
  }

  /** The session with its subjects; {@code NOT_FOUND} when unknown. */
  public Future<ExamSession> session(long id) {
    return repository.session(id).compose(s -> s == null ? Future.failedFuture(AppException.notFound())
      : Future.succeededFuture(s));
  }

  /**
   * The session as {@link #session} answers it, up to a second old: for answers that show fees (the subject choice,
   * every winner of a spike asks), never for what is charged, which reads {@link #session}. A change of a subject
   * through this instance is seen at once.
   */
  public Future<ExamSession> recentSession(long id) {
    Timed<ExamSession> cached = sessionById.get(id);
    if (cached != null && cached.until() > nowMillis()) return Future.succeededFuture(cached.value());
    return once("session", id, () -> session(id)
      .onSuccess(s -> sessionById.put(id, new Timed<>(nowMillis() + CENTER_CACHE_MILLIS, s))));
  }

  public Future<List<Window>> windows(long sessionId) {
    return repository.windows(sessionId);
  }

  /**
   * The province's window in the session; {@code NOT_FOUND} when the province takes no part. Cached for a second:
   * read on every registration change during a spike, and the clock, not a stale copy, decides the state.
   */
  public Future<Window> window(long sessionId, String provinceCode) {
    String key = sessionId + ":" + provinceCode;
    Timed<Window> cached = windowCache.get(key);
    if (cached != null && cached.until() > nowMillis()) return Future.succeededFuture(cached.value());
    return once("window", key, () -> repository.window(pool, sessionId, provinceCode)
      .compose(w -> w == null ? Future.<Window>failedFuture(AppException.notFound()) : Future.succeededFuture(w))
      .onSuccess(w -> windowCache.put(key, new Timed<>(nowMillis() + CENTER_CACHE_MILLIS, w))));
  }

  /** OPEN when any province is open, else UPCOMING when any will open, else CLOSED. */
  public static WindowState sessionState(List<Window> windows, Instant now) {
    if (windows.stream().anyMatch(w -> w.state(now) == WindowState.OPEN)) return WindowState.OPEN;
    if (windows.isEmpty() || windows.stream().anyMatch(w -> w.state(now) == WindowState.UPCOMING)) {
      return WindowState.UPCOMING;
    }
    return WindowState.CLOSED;
  }

  /** Centers of a province with their counts; cached for a second, so a spike of catalogue reads costs one query. */
  public Future<List<Center>> centers(long sessionId, String provinceCode) {
    String key = sessionId + ":" + provinceCode;
    Cached cached = centerCache.get(key);
    long now = System.nanoTime() / 1_000_000;
    if (cached != null && cached.until() > now) {
      return Future.succeededFuture(cached.centers());
    }
    return once("centers", key, () -> repository.centers(sessionId, provinceCode)
      .onSuccess(list -> centerCache.put(key, new Cached(now + CENTER_CACHE_MILLIS, list))));
  }

  public Future<List<Center>> searchCenters(long sessionId, String provinceCode, String query, int limit, int offset) {
    return repository.searchCenters(sessionId, provinceCode, query, limit, offset);
  }

  /**
   * Drops the one-second caches. Ids never change meaning in service, so nothing here needs it; a test that empties
   * the tables and restarts their ids does (a center id cached a moment ago may now be another session's center).
   */
  public void forgetCached() {
    centerCache.clear();
    centerById.clear();
    windowCache.clear();
    sessionById.clear();
  }

  /** The center (its seat counts may be a second old); {@code NOT_FOUND} when unknown. */
  public Future<Center> center(long id) {
    Timed<Center> cached = centerById.get(id);
    if (cached != null && cached.until() > nowMillis()) return Future.succeededFuture(cached.value());
    return once("center", id, () -> repository.center(pool, id)
      .compose(c -> c == null ? Future.<Center>failedFuture(AppException.notFound()) : Future.succeededFuture(c))
      .onSuccess(c -> centerById.put(id, new Timed<>(nowMillis() + CENTER_CACHE_MILLIS, c))));
  }

  public Future<Long> createSession(Actor actor, String name, String nameEn, List<Subject> subjects) {
    return pool.withTransaction(tx -> repository.insertSession(tx, name, nameEn, subjects)
      .compose(id -> AuditLog.record(tx, actor, "catalog.session.create", "exam_session", Long.toString(id), null,
        new JsonObject().put("name", name).put("subjects", subjects.size())).map(id)));
  }

  public Future<Void> saveSubject(Actor actor, long sessionId, Subject subject) {
    return session(sessionId).compose(s -> pool.withTransaction(tx -> repository.upsertSubject(tx, sessionId, subject)
      .compose(v -> AuditLog.record(tx, actor, "catalog.subject.save", "subject", sessionId + ":" + subject.code(),
        before(s.subject(subject.code())), subjectJson(subject)))))
      .onSuccess(v -> sessionById.remove(sessionId));
  }

  public Future<Void> setWindow(Actor actor, Window window) {
    return session(window.examSessionId()).compose(s -> pool.withTransaction(tx ->
      repository.window(tx, window.examSessionId(), window.provinceCode())
        .compose(old -> repository.upsertWindow(tx, window)
          .compose(v -> AuditLog.record(tx, actor, "catalog.window.set", "province_window",
            window.examSessionId() + ":" + window.provinceCode(), window.provinceCode(),
            old == null ? null : windowJson(old), windowJson(window))))))
      .onSuccess(v -> windowCache.remove(window.examSessionId() + ":" + window.provinceCode()));
  }

  public Future<Long> createCenter(Actor actor, long sessionId, CenterInput input) {
    return session(sessionId).compose(s -> {
      checkSubjects(s, input);
      return pool.withTransaction(tx -> repository.insertCenter(tx, sessionId, input)
        .compose(id -> AuditLog.record(tx, actor, "catalog.center.create", "test_center", Long.toString(id),
          input.provinceCode(), null, centerJson(input)).map(id)));
    }).onSuccess(id -> centerCache.remove(sessionId + ":" + input.provinceCode()));
  }

  /** Changes a center; its province and code stay. Capacity below the seats already taken is {@code INVALID_STATE}. */
  public Future<Void> updateCenter(Actor actor, long centerId, CenterInput input) {
    return pool.withTransaction(tx -> repository.centerForUpdate(tx, centerId).compose(old -> {
      if (old == null) return Future.failedFuture(AppException.notFound());
      return repository.session(old.examSessionId()).compose(s -> {
        checkSubjects(s, input);
        return repository.updateCenter(tx, centerId, old.examSessionId(), input)
          .compose(v -> AuditLog.record(tx, actor, "catalog.center.update", "test_center", Long.toString(centerId),
            old.provinceCode(), centerJson(old), centerJson(input)))
          .onSuccess(v -> {
            centerCache.remove(old.examSessionId() + ":" + old.provinceCode());
            centerById.remove(centerId);
          });
      });
    }));
  }

  private static void checkSubjects(ExamSession s, CenterInput input) {
    for (String code : input.capacities().keySet()) {
      if (s.subject(code) == null) {
        throw AppException.field(ErrorCode.VALIDATION_FAILED, "capacities", "catalog.unknownSubject.code", code);
      }
    }
  }

  static JsonObject windowJson(Window w) {
    return new JsonObject().put("opensAt", w.opensAt().toString()).put("closesAt", w.closesAt().toString())
      .put("payDeadline", w.payDeadline().toString()).put("ticketPrintFrom", w.ticketPrintFrom().toString())
      .put("ticketPrintTo", w.ticketPrintTo().toString());
  }

  private static JsonObject subjectJson(Subject s) {
    return new JsonObject().put("code", s.code()).put("name", s.name()).put("level", s.level()).put("feeFen", s.feeFen());
  }

  private static JsonObject before(Subject s) {
    return s == null ? null : subjectJson(s);
  }

  static JsonObject centerJson(CenterInput c) {
    return new JsonObject().put("provinceCode", c.provinceCode()).put("code", c.code()).put("name", c.name())
      .put("address", c.address()).put("reviewRequired", c.reviewRequired()).put("classRequired", c.classRequired())
      .put("maxSubjects", c.maxSubjects()).put("totalCapacity", c.totalCapacity())
      .put("capacities", new JsonObject(Map.copyOf(c.capacities()).entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> (Object) e.getValue()))));
  }

  static JsonObject centerJson(Center c) {
    JsonObject caps = new JsonObject();
    c.capacities().forEach(k -> caps.put(k.subjectCode(), k.capacity()));
    return new JsonObject().put("provinceCode", c.provinceCode()).put("code", c.code()).put("name", c.name())
      .put("address", c.address()).put("reviewRequired", c.reviewRequired()).put("classRequired", c.classRequired())
      .put("maxSubjects", c.maxSubjects()).put("totalCapacity", c.totalCapacity()).put("capacities", caps);
  }
}
