package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.registration.Registration.Status;
import org.ncrebm.seats.CounterChanges;
import org.ncrebm.seats.SeatGate;
import org.ncrebm.seats.SeatRepository;
import org.ncrebm.seats.SeatRepository.Holder;
import org.ncrebm.seats.SeatWriter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * The choice of subjects, the one path every candidate of a spike takes at the same minute. With the Redis gate in
 * front, "sold out" is answered from Redis alone; those who got through are written by the {@link SeatWriter}, which
 * puts the winners of one center that arrive together into one transaction, so the hot capacity row is locked once
 * per batch rather than once per seat.
 */
final class SubjectChoices {
  /** The most subject choices in one transaction: about 5 statements each, in flight on one connection. */
  static final int MAX_BATCH = 64;

  private final RegistrationService service;
  private final RegistrationRepository registrations;
  private final SeatRepository seats;
  private final CatalogService catalog;
  private final HoldDeadlines deadlines;
  private final Clock clock;
  private final SeatWriter writer;
  private final RateLimiter.Limit holdAttempts = new RateLimiter.Limit("hold-attempts", 20, Duration.ofMinutes(1));
  private SeatGate gate;
  private RegistrationHeaders headers;
  private RateLimiter limiter;
  private IntConsumer seatsHeld = n -> { };
  private IntConsumer seatsReleased = n -> { };

  /** What a choice changed, for the gate and the metrics after the commit. */
  private record Chosen(Registration registration, List<String> added, List<String> dropped) {
  }

  SubjectChoices(RegistrationService service, RegistrationRepository registrations, SeatRepository seats,
                 CatalogService catalog, HoldDeadlines deadlines, Clock clock, SeatWriter writer) {
    this.service = service;
    this.registrations = registrations;
    this.seats = seats;
    this.catalog = catalog;
    this.deadlines = deadlines;
    this.clock = clock;
    this.writer = writer;
  }

  /** The gate, and a limit on hold attempts per account so a script cannot hammer a hot subject. */
  void useGate(SeatGate gate, RegistrationHeaders headers, RateLimiter limiter) {
    this.gate = gate;
    this.headers = headers;
    this.limiter = limiter;
  }

  void observeSeats(IntConsumer held, IntConsumer released) {
    this.seatsHeld = held;
    this.seatsReleased = released;
  }

  SeatWriter writer() {
    return writer;
  }

  Future<Registration> choose(Principal p, Actor actor, UUID id, List<String> requested,
                              org.ncrebm.queue.Admissions admissions) {
    List<String> wanted = List.copyOf(new LinkedHashSet<>(requested));
    if (wanted.size() != requested.size()) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "registration.subjectTwice");
    }
    if (gate == null) {
      return service.own(p, id).compose(r -> service.admitted(p, r.examSessionId(), r.provinceCode(), admissions)
        .compose(v -> write(p, actor, id, r.centerId(), r.examSessionId(), r.provinceCode(), wanted)));
    }
    // The header (Redis) names the center and province, so a winner reads nothing from Postgres before its write.
    return headers.get(limiter, holdAttempts, p.accountId(), id).compose(h -> {
      if (h == null || !h.accountId().equals(p.accountId())) return Future.failedFuture(AppException.notFound());
      return service.admitted(p, h.examSessionId(), h.provinceCode(), admissions)
        .compose(v -> catalog.center(h.centerId())).compose(center -> {
        if (wanted.size() > center.maxSubjects()) {
          return Future.failedFuture(tooMany(center));
        }
        return gate.holdAll(id, h.examSessionId(), h.centerId(), wanted)
          .compose(taken -> write(p, actor, id, h.centerId(), h.examSessionId(), h.provinceCode(), wanted)
            .recover(err -> gate.releaseAll(id, taken).transform(ar -> Future.failedFuture(err))));
      });
    });
  }

  /**
   * The Postgres side: the center and window come from the cached catalogue, outside the transaction; the change is
   * queued with the center's writer and answers the registration as the change leaves it (computed from the locked
   * row, not read again).
   */
  private Future<Registration> write(Principal p, Actor actor, UUID id, long centerId, long examSessionId,
                                     String provinceCode, List<String> wanted) {
    return Future.all(catalog.center(centerId), catalog.window(examSessionId, provinceCode))
      .compose(cw -> writer.write(centerId, id, (tx, counters) -> service.lockOwn(tx, p, id, centerId)
        .compose(r -> apply(tx, counters, actor, r, cw.resultAt(0), cw.resultAt(1), wanted))))
      .compose(chosen -> {
        seatsHeld.accept(chosen.added().size());
        seatsReleased.accept(chosen.dropped().size());
        return gate == null || chosen.dropped().isEmpty() ? Future.succeededFuture(chosen.registration())
          : gate.release(id, chosen.registration().examSessionId(), centerId, chosen.dropped())
            .map(chosen.registration());
      });
  }

  /** Runs in a writer's transaction, possibly twice (a failed batch is re-run alone), so it keeps no state outside. */
  private Future<Chosen> apply(SqlConnection tx, CounterChanges counters, Actor actor, Registration r, Center center,
                               Window w, List<String> wanted) {
    Instant now = clock.instant();
    RegistrationService.requireEditable(r, w, now);
    if (!w.open(now)) return Future.failedFuture(AppException.of(ErrorCode.WINDOW_CLOSED));
    if (wanted.size() > center.maxSubjects()) return Future.failedFuture(tooMany(center));
    List<String> held = r.subjectCodes();
    List<String> add = wanted.stream().filter(c -> !held.contains(c)).toList();
    List<String> drop = held.stream().filter(c -> !wanted.contains(c)).toList();
    Holder holder = new Holder(r.id(), r.examSessionId(), r.centerId(), r.idDigest());
    Instant hold = r.status() == Status.REJECTED && r.holdExpiresAt() != null ? r.holdExpiresAt()
      : deadlines.draft(now, w);
    // The seats last: the capacity rows they count on are what every winner of a spike waits for.
    // micros, as Postgres keeps it, so the answer equals what a later read shows
    Instant holdUntil = wanted.isEmpty() ? null : hold.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    return registrations.setHold(tx, r.id(), holdUntil)
      .compose(v -> AuditLog.record(tx, actor, "registration.subjects", "registration", r.id().toString(),
        r.provinceCode(), new JsonObject().put("subjects", new JsonArray(held)),
        new JsonObject().put("subjects", new JsonArray(wanted))))
      .compose(v -> seats.swapRows(tx, holder, drop, add, counters))
      .map(released -> new Chosen(r.withSubjects(released, add, holdUntil), add, drop));
  }

  private static AppException tooMany(Center center) {
    return AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "registration.tooManySubjects",
      center.maxSubjects());
  }
}
