package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.BoundedWorker;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Masking;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.registration.Registration.Profile;
import org.ncrebm.registration.Registration.Status;
import org.ncrebm.seats.SeatRepository;
import org.ncrebm.seats.SeatRepository.Holder;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The candidate's journey: start (agreement and ID document, inside the province's window), the information form,
 * the photo, the choice of subjects (seats held in the database), submission to review or payment, cancellation and
 * change of test center. Every change locks the registration row first, so two tabs or a reviewer and the candidate
 * serialize, and every change is audited in the same transaction. What stands in front of Postgres for the exam-day
 * spike (the Redis seat gate, the waiting rooms) is its {@link SeatFront}.
 */
public final class RegistrationService {
  /** What a candidate sends to start: the agreement, the center and the ID document. */
  public record Start(long examSessionId, long centerId, boolean agreementAccepted, IdDocument.Type idType,
                      String idNumber) {
  }

  private final Pool pool;
  private final RegistrationRepository registrations;
  private final SeatRepository seats;
  private final CatalogService catalog;
  private final IdVault vault;
  private final BoundedWorker worker;
  private final HoldDeadlines deadlines;
  private final Clock clock;
  private final String agreementVersion;
  private OpenOrders openOrders = (tx, id, now) -> Future.succeededFuture();

  /**
   * Orders still open at a gateway when a registration is cancelled or moves: the payment context makes them due, so
   * its order job closes them at the gateway (and refunds money that arrives anyway).
   */
  @FunctionalInterface
  public interface OpenOrders {
    Future<Void> closeAll(io.vertx.sqlclient.SqlClient tx, UUID registrationId, Instant now);
  }

  public void onOpenOrders(OpenOrders openOrders) {
    this.openOrders = openOrders;
  }

  OpenOrders openOrders() {
    return openOrders;
  }

  private final SubjectChoices subjectChoices;
  private final CenterMoves centerMoves;
  private final SeatFront front;

  public RegistrationService(Pool pool, RegistrationRepository registrations, SeatRepository seats,
                             CatalogService catalog, IdVault vault, BoundedWorker worker, HoldDeadlines deadlines,
                             Clock clock, String agreementVersion) {
    this.pool = pool;
    this.registrations = registrations;
    this.seats = seats;
    this.catalog = catalog;
    this.vault = vault;
    this.worker = worker;
    this.deadlines = deadlines;
    this.clock = clock;
    this.agreementVersion = agreementVersion;
    this.subjectChoices = new SubjectChoices(this, registrations, seats, catalog, deadlines, clock, pool);
    this.centerMoves = new CenterMoves(this, registrations, seats, catalog, deadlines, clock);
    this.front = new SeatFront(pool, registrations, subjectChoices, centerMoves);
  }

  /** The Redis gate, the waiting rooms and the seat counters in front of this context's Postgres writes. */
  public SeatFront front() {
    return front;
  }

  public IdVault vault() {
    return vault;
  }

  public String agreementVersion() {
    return agreementVersion;
  }

  /**
   * Starts a registration inside the province's fill-in window ({@code WINDOW_CLOSED} otherwise); one per account
   * per exam session ({@code ALREADY_REGISTERED}, by a partial unique index).
   */
  public Future<Registration> start(Principal p, Actor actor, Start s, org.ncrebm.queue.Admissions admissions) {
    if (!s.agreementAccepted()) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "agreementAccepted", "registration.agreementRequired");
    }
    IdDocument.Checked id;
    try {
      id = IdDocument.check(s.idType(), s.idNumber());
    } catch (IllegalArgumentException e) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "idNumber", e.getMessage());
    }
    return catalog.center(s.centerId())
      .recover(err -> Future.failedFuture(notFound(err)
        ? AppException.field(ErrorCode.VALIDATION_FAILED, "centerId", "catalog.unknownCenter") : err))
      .compose(center -> {
        if (center.examSessionId() != s.examSessionId()) {
          return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "centerId", "catalog.unknownCenter"));
        }
        return openWindow(center)
          .compose(w -> front.admitted(p, s.examSessionId(), center.provinceCode(), admissions).map(w))
          .compose(w -> pool.withTransaction(tx -> registrations.insert(tx, p.accountId(),
            s.examSessionId(), center.id(), center.provinceCode(), agreementVersion, clock.instant(), id.type(),
            vault.encrypt(id.number()), vault.digest(id.type(), id.number()), Masking.idNumber(id.number()),
            id.number().substring(Math.max(0, id.number().length() - 4)))
          .compose(rid -> AuditLog.record(tx, actor, "registration.start", "registration", rid.toString(),
              center.provinceCode(), null, new JsonObject().put("centerId", center.id()).put("idType", id.type().name())
                .put("idNumber", Masking.idNumber(id.number())).put("agreementVersion", agreementVersion))
            .compose(v -> registrations.find(tx, rid)))))
          .compose(front::started);
      });
  }

  /** The caller's own registration; anyone else's is {@code NOT_FOUND}. */
  public Future<Registration> own(Principal p, UUID id) {
    return registrations.find(pool, id).compose(r -> r == null || !r.accountId().equals(p.accountId())
      ? Future.failedFuture(AppException.notFound()) : Future.succeededFuture(r));
  }

  public Future<List<Registration>> mine(Principal p) {
    return registrations.ofAccount(pool, p.accountId());
  }

  /** The owner's full ID number (shown unmasked to its owner only). */
  public String idNumber(Registration r) {
    return vault.decrypt(r.idNumberEncrypted());
  }

  public Future<Registration> updateProfile(Principal p, Actor actor, UUID id, io.vertx.core.json.JsonObject form) {
    return change(p, id, (tx, r, center, w) -> {
      requireEditable(r, w);
      IdDocument.Checked checked = IdDocument.check(r.idType(), idNumber(r));
      Profile profile = ProfileInput.parse(org.ncrebm.platform.web.JsonInput.of(form), center.classRequired(), checked);
      return registrations.updateProfile(tx, id, profile)
        .compose(v -> AuditLog.record(tx, actor, "registration.profile", "registration", id.toString(),
          r.provinceCode(), null, new JsonObject().put("name", profile.name()).put("className", profile.className())));
    });
  }

  /** Checks and re-encodes the photo on the worker, then stores it. */
  public Future<Registration> savePhoto(Principal p, Actor actor, UUID id, byte[] upload) {
    return own(p, id).compose(r -> {
      if (!r.status().editable()) return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "registration.locked"));
      return worker.submit(() -> Photos.process(upload));
    }).compose(photo -> change(p, id, (tx, r, center, w) -> {
      requireEditable(r, w);
      return registrations.savePhoto(tx, id, photo.jpeg(), photo.width(), photo.height())
        .compose(v -> AuditLog.record(tx, actor, "registration.photo", "registration", id.toString(), r.provinceCode(),
          null, new JsonObject().put("width", photo.width()).put("height", photo.height()).put("bytes", photo.jpeg().length)));
    }));
  }

  public Future<io.vertx.core.buffer.Buffer> photo(UUID id) {
    return registrations.photo(pool, id).compose(b -> b == null ? Future.failedFuture(AppException.notFound())
      : Future.succeededFuture(b));
  }

  /**
   * Holds exactly these subjects: newly chosen seats are taken, dropped ones given back, all in one transaction
   * ({@code SEAT_SOLD_OUT} or {@code SUBJECT_TAKEN} leave everything as it was); see {@link SubjectChoices}.
   */
  public Future<Registration> chooseSubjects(Principal p, Actor actor, UUID id, List<String> requested,
                                            org.ncrebm.queue.Admissions admissions) {
    return subjectChoices.choose(p, actor, id, requested, admissions);
  }

  /**
   * Submits: to the center's review ({@code PENDING_REVIEW}, locked) or, where the center does not review, straight
   * to payment ({@code PAYABLE}). Needs a complete form, a photo and at least one subject (400 naming what is missing).
   */
  public Future<Registration> submit(Principal p, Actor actor, UUID id) {
    return change(p, id, (tx, r, center, w) -> {
      Instant now = clock.instant();
      if (r.status() == Status.DRAFT) {
        if (!w.open(now)) return Future.failedFuture(AppException.of(ErrorCode.WINDOW_CLOSED));
      } else if (r.status() == Status.REJECTED) {
        if (!now.isBefore(w.payDeadline())) return Future.failedFuture(AppException.of(ErrorCode.WINDOW_CLOSED));
      } else {
        return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "registration.notSubmittable"));
      }
      java.util.Map<String, AppException.Message> missing = new java.util.LinkedHashMap<>();
      if (!r.profile().complete(center.classRequired())) missing.put("profile", AppException.Message.of("registration.missingProfile"));
      if (!r.photoPresent()) missing.put("photo", AppException.Message.of("registration.missingPhoto"));
      if (r.seats().isEmpty()) missing.put("subjects", AppException.Message.of("registration.missingSubjects"));
      if (!missing.isEmpty()) return Future.failedFuture(AppException.validation(missing));
      Status next = center.reviewRequired() ? Status.PENDING_REVIEW : Status.PAYABLE;
      Instant hold = next == Status.PENDING_REVIEW ? deadlines.inReview(w) : deadlines.payable(now, w);
      return registrations.setStatus(tx, id, next, hold, r.status() == Status.REJECTED ? r.reviewReason() : null)
        .compose(v -> AuditLog.record(tx, actor, "registration.submit", "registration", id.toString(), r.provinceCode(),
          new JsonObject().put("status", r.status().name()), new JsonObject().put("status", next.name())));
    });
  }

  /** Cancels before payment: every held seat goes back at once. */
  public Future<Registration> cancel(Principal p, Actor actor, UUID id) {
    List<String> released = new java.util.ArrayList<>();
    return change(p, id, (tx, r, center, w) -> {
      released.addAll(r.subjectCodes());
      if (r.status() == Status.PAID || r.status().ended()) {
        return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "registration.notCancellable"));
      }
      Holder holder = new Holder(r.id(), r.examSessionId(), r.centerId(), r.idDigest());
      return seats.release(tx, holder, r.subjectCodes())
        .compose(v -> openOrders.closeAll(tx, id, clock.instant()))
        .compose(v -> registrations.setStatus(tx, id, Status.CANCELLED, null, r.reviewReason()))
        .compose(v -> AuditLog.record(tx, actor, "registration.cancel", "registration", id.toString(), r.provinceCode(),
          new JsonObject().put("status", r.status().name()), new JsonObject().put("status", Status.CANCELLED.name())));
    }).compose(r -> front.released(r, released));
  }

  /**
   * Moves an unpaid registration to another center of the same province in one step (feature R6), behind the
   * window's waiting room as a choice of subjects is (a move takes seats too); see {@link CenterMoves}.
   */
  public Future<Registration> changeCenter(Principal p, Actor actor, UUID id, long newCenterId,
                                           org.ncrebm.queue.Admissions admissions) {
    return centerMoves.move(p, actor, id, newCenterId, admissions);
  }

  /**
   * A change of one's own registration: its center and window are read first (cached catalogue data, outside the
   * transaction, so a transaction never waits for a second connection), then the row is locked, the change applied
   * and the registration re-read.
   */
  Future<Registration> change(Principal p, UUID id, Change change) {
    return own(p, id).compose(pre -> Future.all(catalog.center(pre.centerId()),
        catalog.window(pre.examSessionId(), pre.provinceCode()))
      .compose(cw -> pool.withTransaction(tx -> lockOwn(tx, p, id, pre.centerId())
        .compose(r -> change.apply(tx, r, cw.resultAt(0), cw.resultAt(1)))))
      // Read after the commit, so the transaction (and any seat row lock it took) ends as early as possible.
      .compose(v -> registrations.find(pool, id)));
  }

  /** The caller's registration locked in {@code tx}, still at the center it was read at before the transaction. */
  Future<Registration> lockOwn(SqlConnection tx, Principal p, UUID id, long centerId) {
    return registrations.lock(tx, id).map(r -> ownAt(r, p, centerId));
  }

  /**
   * {@code r} (locked, or null when there is none) if it is the caller's and still at the center it was read at
   * before the transaction: {@code NOT_FOUND} or {@code INVALID_STATE} otherwise.
   */
  static Registration ownAt(Registration r, Principal p, long centerId) {
    if (r == null || !r.accountId().equals(p.accountId())) throw AppException.notFound();
    if (r.centerId() != centerId) throw AppException.of(ErrorCode.INVALID_STATE, "registration.changedMeanwhile");
    return r;
  }

  @FunctionalInterface
  interface Change {
    Future<Void> apply(SqlConnection tx, Registration r, Center center, Window w);
  }

  /** Profile, photo and subjects change in DRAFT (while the window is open) and REJECTED (until the pay deadline). */
  private void requireEditable(Registration r, Window w) {
    requireEditable(r, w, clock.instant());
  }

  static void requireEditable(Registration r, Window w, Instant now) {
    if (!r.status().editable()) throw AppException.of(ErrorCode.INVALID_STATE, "registration.locked");
    if (r.status() == Status.DRAFT && !w.open(now)) throw AppException.of(ErrorCode.WINDOW_CLOSED);
    if (r.status() == Status.REJECTED && !now.isBefore(w.payDeadline())) throw AppException.of(ErrorCode.WINDOW_CLOSED);
  }

  /**
   * Only "not found" means an unknown center or a province without a window; a pool or Redis that cannot answer in
   * time is the service's trouble (503 OVERLOADED), never the candidate's input (found by the load tests, issue 9).
   */
  static boolean notFound(Throwable err) {
    return err instanceof AppException e && e.code() == ErrorCode.NOT_FOUND;
  }

  private Future<Window> openWindow(Center center) {
    return catalog.window(center.examSessionId(), center.provinceCode())
      .recover(err -> Future.failedFuture(notFound(err) ? AppException.of(ErrorCode.WINDOW_CLOSED) : err))
      .compose(w -> w.open(clock.instant()) ? Future.succeededFuture(w)
        : Future.failedFuture(AppException.of(ErrorCode.WINDOW_CLOSED)));
  }

  /** The fee of the held subjects, in fen. */
  public static int amountFen(Registration r, ExamSession session) {
    int sum = 0;
    for (String code : r.subjectCodes()) {
      var s = session.subject(code);
      if (s != null) sum += s.feeFen();
    }
    return sum;
  }
}
