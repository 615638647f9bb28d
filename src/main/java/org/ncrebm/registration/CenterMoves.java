package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.registration.Registration.Status;
import org.ncrebm.seats.SeatGate;
import org.ncrebm.seats.SeatRepository;
import org.ncrebm.seats.SeatRepository.Holder;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Feature R6: an unpaid registration moves to another center of the same province in one step, without a second
 * account. The same subjects are taken there and given back here in one transaction, or nothing changes; with the
 * gate in front, the new center's counters are taken in Redis first and given back if Postgres refuses. The
 * registration returns to DRAFT, since the new center reviews (or not) by its own rules.
 */
final class CenterMoves {
  private final RegistrationService service;
  private final RegistrationRepository registrations;
  private final SeatRepository seats;
  private final CatalogService catalog;
  private final HoldDeadlines deadlines;
  private final Clock clock;
  private SeatGate gate;
  private RegistrationHeaders headers;

  CenterMoves(RegistrationService service, RegistrationRepository registrations, SeatRepository seats,
              CatalogService catalog, HoldDeadlines deadlines, Clock clock) {
    this.service = service;
    this.registrations = registrations;
    this.seats = seats;
    this.catalog = catalog;
    this.deadlines = deadlines;
    this.clock = clock;
  }

  void useGate(SeatGate gate, RegistrationHeaders headers) {
    this.gate = gate;
    this.headers = headers;
  }

  Future<Registration> move(Principal p, Actor actor, UUID id, long newCenterId,
                            org.ncrebm.queue.Admissions admissions) {
    return catalog.center(newCenterId)
      .recover(err -> Future.failedFuture(RegistrationService.notFound(err)
        ? AppException.field(ErrorCode.VALIDATION_FAILED, "centerId", "catalog.unknownCenter") : err))
      .compose(target -> service.own(p, id)
        .compose(pre -> service.front().admitted(p, pre.examSessionId(), pre.provinceCode(), admissions).map(pre))
        .compose(pre -> {
          if (gate == null || pre.seats().isEmpty() || target.examSessionId() != pre.examSessionId()) {
            return write(p, actor, id, target);
          }
          return gate.holdAll(id, pre.examSessionId(), target.id(), pre.subjectCodes())
            .compose(taken -> write(p, actor, id, target)
              .recover(err -> gate.releaseAll(id, taken).transform(ar -> Future.failedFuture(err))))
            .compose(r -> gate.release(id, pre.examSessionId(), pre.centerId(), pre.subjectCodes())
              .compose(v -> headers.put(new RegistrationHeaders.Header(id, r.accountId(), r.examSessionId(), r.centerId(),
                r.provinceCode())))
              .map(r));
        }));
  }

  private Future<Registration> write(Principal p, Actor actor, UUID id, Center target) {
    return service.change(p, id, (tx, r, center, w) -> {
      if (r.status() == Status.PAID || r.status().ended()) {
        return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "registration.notMovable"));
      }
      if (target.examSessionId() != r.examSessionId() || !target.provinceCode().equals(r.provinceCode())
        || target.id() == r.centerId()) {
        return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "centerId",
          "registration.otherCenterSameProvince"));
      }
      if (!w.open(clock.instant())) return Future.failedFuture(AppException.of(ErrorCode.WINDOW_CLOSED));
      if (r.seats().size() > target.maxSubjects()) {
        return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "subjects",
          "registration.tooManySubjects", target.maxSubjects()));
      }
      Holder old = new Holder(r.id(), r.examSessionId(), r.centerId(), r.idDigest());
      Holder next = new Holder(r.id(), r.examSessionId(), target.id(), r.idDigest());
      // Both centers' counters are locked first, in the global order, so opposite moves cannot deadlock.
      return seats.lockCenters(tx, List.of(r.centerId(), target.id()), r.subjectCodes())
        .compose(v -> seats.release(tx, old, r.subjectCodes()))
        .compose(v -> seats.take(tx, next, r.subjectCodes()))
        .compose(v -> service.openOrders().closeAll(tx, id, clock.instant()))
        .compose(v -> registrations.moveToCenter(tx, id, target.id(), r.seats().isEmpty() ? null
          : deadlines.draft(clock.instant(), w)))
        .compose(v -> AuditLog.record(tx, actor, "registration.centerChange", "registration", id.toString(),
          r.provinceCode(), new JsonObject().put("centerId", r.centerId()).put("status", r.status().name()),
          new JsonObject().put("centerId", target.id()).put("status", Status.DRAFT.name())));
    });
  }
}
