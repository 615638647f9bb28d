package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.queue.Admissions;
import org.ncrebm.queue.QueueService;
import org.ncrebm.seats.SeatGate;

import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * What stands in front of Postgres for the registration context on exam day: the Redis seat gate with the
 * registration headers beside it, the waiting rooms, and the seat counters operations watch. Postgres stays the truth:
 * without a gate or a room (tests of the bare path) every choice goes to the database alone, with the same answers.
 */
public final class SeatFront {
  private final Pool pool;
  private final RegistrationRepository registrations;
  private final SubjectChoices subjectChoices;
  private final CenterMoves centerMoves;
  private SeatGate gate;
  private QueueService queue;
  private RegistrationHeaders headers;
  private IntConsumer seatsReleased = n -> { };

  SeatFront(Pool pool, RegistrationRepository registrations, SubjectChoices subjectChoices, CenterMoves centerMoves) {
    this.pool = pool;
    this.registrations = registrations;
    this.subjectChoices = subjectChoices;
    this.centerMoves = centerMoves;
  }

  /**
   * Puts the Redis seat gate in front of Postgres for subject choices and moves (the seats context), with a limit on
   * hold attempts per account so a script cannot hammer a hot subject.
   */
  public void useGate(SeatGate gate, RegistrationHeaders headers, RateLimiter limiter) {
    this.gate = gate;
    this.headers = headers;
    subjectChoices.useGate(gate, headers, limiter);
    centerMoves.useGate(gate, headers);
  }

  /** The seat gate in front of Postgres, or null when none is used. */
  public SeatGate gate() {
    return gate;
  }

  /**
   * Puts the waiting rooms (feature S5) in front of starting a registration and choosing subjects: while a window's
   * room is on, only an admitted account gets through ({@code ADMISSION_REQUIRED} otherwise).
   */
  public void useQueue(QueueService queue) {
    this.queue = queue;
  }

  /** Passes when the window's room is off or the request carries this account's admission to it. */
  Future<Void> admitted(Principal p, long sid, String province, Admissions admissions) {
    if (queue == null) return Future.succeededFuture();
    return queue.requireAdmission(p.accountId(), sid, province, admissions.token(sid, province));
  }

  /**
   * The path of the window's waiting room when the room is on and the request carries no valid admission of this
   * account to it (the province page points there), else null. Never fails: a room that cannot be read shows no link.
   */
  public Future<String> waitingRoomFor(Principal p, long sid, String province, Admissions admissions) {
    if (queue == null) return Future.succeededFuture();
    return admitted(p, sid, province, admissions).<String>map(v -> null)
      .otherwise(err -> err instanceof AppException e && e.seeOther() != null ? e.seeOther() : null);
  }

  /** Tells operations how many seats candidates took and gave back (metrics); counted after the commit. */
  public void observeSeats(IntConsumer held, IntConsumer released) {
    this.seatsReleased = released;
    subjectChoices.observeSeats(held, released);
  }

  /** Tells operations how many subject choices each seat transaction carried (see {@link org.ncrebm.seats.SeatWriter}). */
  public void observeSeatBatches(IntConsumer sizes) {
    subjectChoices.writer().observeBatches(sizes);
  }

  /** Subject choices queued behind their center's running seat transaction in this process (a gauge). */
  public int seatWritesWaiting() {
    return subjectChoices.writer().waiting();
  }

  /**
   * Seats Postgres gave a registration outside the gate (a late payment reinstated): the Redis counters learn of them
   * now rather than at the repair job's next run. Never fails; a counter that cannot be told is left to the repair job.
   */
  public Future<Void> gateSeatsTaken(UUID id) {
    if (gate == null) return Future.succeededFuture();
    return registrations.find(pool, id).compose(r -> r == null || r.subjectCodes().isEmpty()
        ? Future.<Void>succeededFuture()
        : gate.holdAll(id, r.examSessionId(), r.centerId(), r.subjectCodes()).<Void>mapEmpty())
      .otherwise(err -> null);
  }

  /**
   * A registration just started, told to Redis after the commit: a transaction never waits for Redis (a stalled Redis
   * would hold its connection), and the header is only a hint that a miss reads back from Postgres.
   */
  Future<Registration> started(Registration r) {
    return headers == null ? Future.succeededFuture(r) : headers.put(new RegistrationHeaders.Header(
      r.id(), r.accountId(), r.examSessionId(), r.centerId(), r.provinceCode())).map(r);
  }

  /** Seats a committed cancellation gave back: counted, and returned to the gate's counters. */
  Future<Registration> released(Registration r, List<String> subjects) {
    seatsReleased.accept(subjects.size());
    return gate == null ? Future.succeededFuture(r)
      : gate.release(r.id(), r.examSessionId(), r.centerId(), subjects).map(r);
  }
}
