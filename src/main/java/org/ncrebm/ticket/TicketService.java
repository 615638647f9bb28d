package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.catalog.Catalog;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.registration.Registration;
import org.ncrebm.registration.RegistrationService;
import org.ncrebm.platform.web.JsonInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Admission tickets (T1-T3): centers' plans and arrangement for staff, the tickets for their candidates inside the
 * print window, and the check of a scanned QR token.
 */
public final class TicketService {
  private static final Logger LOG = LoggerFactory.getLogger(TicketService.class);
  private final Pool pool;
  private final TicketRepository tickets;
  private final ArrangementRepository runs;
  private final Arrangement arrangement;
  private final TicketPdfs pdfs;
  private final CatalogService catalog;
  private final RegistrationService registrations;
  private final TicketSigner signer;
  private final TicketVerifier verifier;
  private final Clock clock;

  /** A candidate's tickets with what the page and the JSON show around them. */
  public record CandidateTickets(Registration registration, Catalog.ExamSession session, Catalog.Center center,
                                 List<TicketRepository.TicketView> tickets) {
  }

  public TicketService(Pool pool, TicketRepository tickets, ArrangementRepository runs, Arrangement arrangement,
                       TicketPdfs pdfs, CatalogService catalog, RegistrationService registrations, TicketSigner signer,
                       Clock clock) {
    this.pool = pool;
    this.tickets = tickets;
    this.runs = runs;
    this.arrangement = arrangement;
    this.pdfs = pdfs;
    this.catalog = catalog;
    this.registrations = registrations;
    this.signer = signer;
    this.verifier = signer.verifier();
    this.clock = clock;
  }

  public Arrangement arrangement() {
    return arrangement;
  }

  public TicketPdfs pdfs() {
    return pdfs;
  }

  public TicketSigner signer() {
    return signer;
  }

  /** The center of this session as seen by a staff member allowed to manage it ({@code NOT_FOUND}, {@code FORBIDDEN}). */
  public Future<Catalog.Center> center(Principal p, long sessionId, long centerId) {
    return catalog.center(centerId).compose(c -> {
      if (c.examSessionId() != sessionId) return Future.failedFuture(AppException.notFound());
      Access.requireCenter(p, c.provinceCode(), c.code());
      return Future.succeededFuture(c);
    });
  }

  /** The center's plan; {@code NOT_FOUND} when none is set. */
  public Future<TicketPlan> plan(Principal p, long sessionId, long centerId) {
    return center(p, sessionId, centerId).compose(c -> tickets.plan(pool, centerId))
      .compose(plan -> plan == null ? Future.failedFuture(AppException.notFound()) : Future.succeededFuture(plan));
  }

  /** Validates and replaces the plan, audited; see {@link TicketRepository#savePlan} for what cannot change later. */
  public Future<TicketPlan> savePlan(Principal p, Actor actor, long sessionId, long centerId, JsonInput in) {
    return center(p, sessionId, centerId).compose(c -> catalog.session(sessionId).compose(session -> {
      TicketPlan plan = TicketPlan.from(in, session.subjects().stream().map(Catalog.Subject::code)
        .collect(Collectors.toSet()));
      return pool.withTransaction(tx -> tickets.plan(tx, centerId).compose(before ->
        tickets.savePlan(tx, sessionId, c.provinceCode(), centerId, plan)
          .compose(v -> AuditLog.record(tx, actor, "ticket.plan", "test_center", Long.toString(centerId),
            c.provinceCode(), before == null ? null : before.toJson(), plan.toJson()))))
        .map(plan);
    }));
  }

  /**
   * Starts the arrangement of a center in the background once its province's fill-in window has closed
   * ({@code INVALID_STATE} before, or without a plan). The run's progress is read with {@link #arrangementStatus}.
   */
  public Future<Void> startArrangement(Principal p, Actor actor, long sessionId, long centerId) {
    return center(p, sessionId, centerId).compose(c -> catalog.window(sessionId, c.provinceCode()).compose(w -> {
      if (w.state(clock.instant()) != Catalog.WindowState.CLOSED) {
        return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "ticket.arrangement.windowOpen",
          Times.display(w.closesAt())));
      }
      return tickets.plan(pool, centerId).compose(plan -> {
        if (plan == null) {
          return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "ticket.arrangement.noPlan"));
        }
        arrangement.run(c, plan, actor).onComplete(ar -> {
          if (ar.failed()) LOG.warn("arrangement of center {} failed: {}", centerId, ar.cause().toString());
          else if (ar.result().busy()) LOG.info("arrangement of center {} is already running elsewhere", centerId);
        });
        return Future.succeededFuture();
      });
    }));
  }

  /**
   * A province admin's variant: arranges, one after the other in the background, every center of the province that
   * has a plan (centers without one are skipped and logged). Same window rule as {@link #startArrangement}.
   */
  public Future<Integer> startProvinceArrangement(Principal p, Actor actor, long sessionId, String provinceCode) {
    Access.requireProvince(p, provinceCode);
    return catalog.window(sessionId, provinceCode).compose(w -> {
      if (w.state(clock.instant()) != Catalog.WindowState.CLOSED) {
        return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "ticket.arrangement.windowOpen",
          Times.display(w.closesAt())));
      }
      return catalog.centers(sessionId, provinceCode).map(centers -> {
        arrangeEach(centers, 0, actor);
        return centers.size();
      });
    });
  }

  private void arrangeEach(List<Catalog.Center> centers, int i, Actor actor) {
    if (i == centers.size()) return;
    Catalog.Center c = centers.get(i);
    tickets.plan(pool, c.id())
      .compose(plan -> plan == null ? Future.succeededFuture() : arrangement.run(c, plan, actor))
      .onComplete(ar -> {
        if (ar.failed()) LOG.warn("arrangement of center {} failed: {}", c.id(), ar.cause().toString());
        arrangeEach(centers, i + 1, actor);
      });
  }

  /** The latest run of the center; {@code NOT_FOUND} before the first. */
  public Future<JsonObject> arrangementStatus(Principal p, long sessionId, long centerId) {
    return center(p, sessionId, centerId).compose(c -> runs.latest(pool, centerId))
      .compose(run -> run == null ? Future.failedFuture(AppException.notFound()) : Future.succeededFuture(run));
  }

  /**
   * The caller's live tickets. {@code NOT_FOUND} for anyone else's registration; {@code WINDOW_CLOSED} outside the
   * print window (the message gives its dates); {@code INVALID_STATE} when not paid or not arranged yet.
   */
  public Future<CandidateTickets> mine(Principal p, UUID registrationId) {
    return registrations.own(p, registrationId).compose(r -> catalog.window(r.examSessionId(), r.provinceCode())
      .compose(w -> {
        Instant now = clock.instant();
        if (!w.printing(now)) {
          return Future.failedFuture(AppException.of(ErrorCode.WINDOW_CLOSED, "ticket.printWindow",
            Times.display(w.ticketPrintFrom()), Times.display(w.ticketPrintTo())));
        }
        if (r.status() != Registration.Status.PAID) {
          return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "ticket.notPaid"));
        }
        return Future.all(catalog.session(r.examSessionId()), catalog.center(r.centerId()),
          tickets.ofRegistration(pool, registrationId)).compose(all -> {
            List<TicketRepository.TicketView> views = all.resultAt(2);
            if (views.isEmpty()) {
              return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "ticket.notArranged"));
            }
            return Future.succeededFuture(new CandidateTickets(r, all.resultAt(0), all.resultAt(1), views));
          });
      }));
  }

  /** The PDF of one of the caller's tickets (the first by exam time when {@code subjectCode} is null). */
  public Future<byte[]> pdf(Principal p, UUID registrationId, String subjectCode) {
    return mine(p, registrationId).compose(mine -> {
      TicketRepository.TicketView view = mine.tickets().stream()
        .filter(t -> subjectCode == null || t.subjectCode().equals(subjectCode)).findFirst().orElse(null);
      return view == null ? Future.failedFuture(AppException.notFound()) : pdfs.pdf(view.id());
    });
  }

  /** A fresh signed token for a ticket of this registration, for the QR code on the ticket page. */
  public String token(CandidateTickets mine, TicketRepository.TicketView view) {
    return signer.issue(TicketNumber.parse(view.ticketNumber()), Long.toString(mine.registration().examSessionId()),
      registrations.idNumber(mine.registration()));
  }

  /**
   * Checks a scanned token for the session being held: VALID, INVALID, WRONG_SESSION, or VOIDED when genuine but
   * no longer live here (refunded).
   */
  public Future<JsonObject> verify(String token, long sessionId) {
    return verifier.verify(token, Long.toString(sessionId)).compose(v -> {
      JsonObject answer = new JsonObject().put("status", v.status().name());
      if (v.claims() == null) return Future.succeededFuture(answer);
      answer.put("ticketNumber", v.claims().ticketNumber().format()).put("examSessionId", v.claims().examSessionId())
        .put("subjectCode", v.claims().subjectCode()).put("issuedAt", Times.iso(v.claims().issuedAt()));
      if (v.status() != TicketVerification.Status.VALID) return Future.succeededFuture(answer);
      return tickets.live(pool, sessionId, v.claims().ticketNumber().format())
        .map(live -> live ? answer : answer.put("status", "VOIDED"));
    });
  }
}
