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
import java.util.ArrayList;
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
  /** The most subject choices in one transaction (its rows are written set-wise, a few statements in all). */
  static final int MAX_BATCH = 64;

  private final RegistrationService service;
  private final RegistrationRepository registrations;
  private final SeatRepository seats;
  private final CatalogService catalog;
  private final HoldDeadlines deadlines;
  private final Clock clock;
  private final SeatWriter<Choice, Chosen> writer;
  private final RateLimiter.Limit holdAttempts = new RateLimiter.Limit("hold-attempts", 20, Duration.ofMinutes(1));
  private SeatGate gate;
  private RegistrationHeaders headers;
  private RateLimiter limiter;
  private IntConsumer seatsHeld = n -> { };
  private IntConsumer seatsReleased = n -> { };

  /** One candidate's choice, as the writer queues it: who asks, for which registration, at which center. */
  private record Choice(Principal principal, Actor actor, UUID id, Center center, Window window, List<String> wanted) {
  }

  /** What a choice changed, for the gate and the metrics after the commit. */
  private record Chosen(Registration registration, List<String> added, List<String> dropped) {
  }

  SubjectChoices(RegistrationService service, RegistrationRepository registrations, SeatRepository seats,
                 CatalogService catalog, HoldDeadlines deadlines, Clock clock, io.vertx.sqlclient.Pool pool) {
    this.service = service;
    this.registrations = registrations;
    this.seats = seats;
    this.catalog = catalog;
    this.deadlines = deadlines;
    this.clock = clock;
    this.writer = new SeatWriter<>(pool, MAX_BATCH, this::writeAll);
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

  SeatWriter<?, ?> writer() {
    return writer;
  }

  Future<Registration> choose(Principal p, Actor actor, UUID id, List<String> requested,
                              org.ncrebm.queue.Admissions admissions) {
    List<String> wanted = List.copyOf(new LinkedHashSet<>(requested));
    if (wanted.size() != requested.size()) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "registration.subjectTwice");
    }
    if (gate == null) {
      return service.own(p, id).compose(r -> service.front().admitted(p, r.examSessionId(), r.provinceCode(), admissions)
        .compose(v -> write(p, actor, id, r.centerId(), r.examSessionId(), r.provinceCode(), wanted)));
    }
    // The header (Redis) names the center and province, so a winner reads nothing from Postgres before its write.
    return headers.get(limiter, holdAttempts, p.accountId(), id).compose(h -> {
      if (h == null || !h.accountId().equals(p.accountId())) return Future.failedFuture(AppException.notFound());
      return service.front().admitted(p, h.examSessionId(), h.provinceCode(), admissions)
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
      .compose(cw -> writer.write(centerId, id, new Choice(p, actor, id, cw.resultAt(0), cw.resultAt(1), wanted)))
      .compose(chosen -> {
        seatsHeld.accept(chosen.added().size());
        seatsReleased.accept(chosen.dropped().size());
        return gate == null || chosen.dropped().isEmpty() ? Future.succeededFuture(chosen.registration())
          : gate.release(id, chosen.registration().examSessionId(), centerId, chosen.dropped())
            .map(chosen.registration());
      });
  }

  /**
   * A writer's batch of choices (one or many, of distinct registrations, in id order) in its transaction, set-wise:
   * the registrations locked in one statement, then their hold deadlines, audit records and seat rows one statement
   * each, whatever the batch's size. Every check is made on each locked row; one failing choice fails the batch,
   * which the writer then runs choice by choice. It may thus run twice, so it keeps no state outside.
   */
  private Future<List<Chosen>> writeAll(SqlConnection tx, List<Choice> choices, CounterChanges counters) {
    return registrations.lockAll(tx, choices.stream().map(Choice::id).toList()).compose(locked -> {
      Instant now = clock.instant();
      List<UUID> ids = new ArrayList<>(choices.size());
      List<Instant> holds = new ArrayList<>(choices.size());
      List<AuditLog.Entry> audits = new ArrayList<>(choices.size());
      List<SeatRepository.Swap> swaps = new ArrayList<>(choices.size());
      for (Choice c : choices) {
        Registration r = RegistrationService.ownAt(locked.get(c.id()), c.principal(), c.center().id());
        RegistrationService.requireEditable(r, c.window(), now);
        if (!c.window().open(now)) throw AppException.of(ErrorCode.WINDOW_CLOSED);
        if (c.wanted().size() > c.center().maxSubjects()) throw tooMany(c.center());
        List<String> held = r.subjectCodes();
        Instant hold = r.status() == Status.REJECTED && r.holdExpiresAt() != null ? r.holdExpiresAt()
          : deadlines.draft(now, c.window());
        ids.add(r.id());
        // micros, as Postgres keeps it, so the answer equals what a later read shows
        holds.add(c.wanted().isEmpty() ? null : hold.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        audits.add(new AuditLog.Entry(c.actor(), "registration.subjects", "registration", r.id().toString(),
          r.provinceCode(), new JsonObject().put("subjects", new JsonArray(held)),
          new JsonObject().put("subjects", new JsonArray(c.wanted()))));
        swaps.add(new SeatRepository.Swap(new Holder(r.id(), r.examSessionId(), r.centerId(), r.idDigest()),
          held.stream().filter(code -> !c.wanted().contains(code)).toList(),
          c.wanted().stream().filter(code -> !held.contains(code)).toList()));
      }
      // pipelined on the connection; the seats last: the capacity rows they count on are what every winner of a
      // spike waits for
      Future<Void> rows = registrations.setHolds(tx, ids, holds);
      Future<Void> audited = AuditLog.recordAll(tx, audits);
      Future<List<List<String>>> seated = seats.swapRowsAll(tx, swaps, counters);
      return Future.join(rows, audited, seated).compose(v -> {
        List<Chosen> out = new ArrayList<>(choices.size());
        for (int i = 0; i < choices.size(); i++) {
          SeatRepository.Swap w = swaps.get(i);
          out.add(new Chosen(locked.get(ids.get(i)).withSubjects(seated.result().get(i), w.add(), holds.get(i)),
            w.add(), w.drop()));
        }
        return Future.succeededFuture(out);
      }, err -> Future.failedFuture(rows.failed() ? rows.cause() : audited.failed() ? audited.cause() : seated.cause()));
    });
  }

  private static AppException tooMany(Center center) {
    return AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "registration.tooManySubjects",
      center.maxSubjects());
  }
}
