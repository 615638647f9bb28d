package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.ncrebm.catalog.Catalog;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The arrangement job of one center (feature T1): seats every paid candidate of every subject and numbers the tickets.
 *
 * <ul>
 *   <li><b>One at a time, across instances:</b> a session advisory lock on one connection per center; a second run
 *       while one holds it does nothing ({@link Result#busy}). A crashed process drops its connection, and the lock.</li>
 *   <li><b>Streamed:</b> candidates are read in keyset pages of {@code batchSize} in the planner's order; each page's
 *       seats and the run's cursor commit together. Memory holds the center's seats, never its candidates.</li>
 *   <li><b>Resumable and idempotent:</b> an unfinished run is adopted and continues after its cursor; the planner
 *       ({@link SeatAllocator}) keeps every stored seat, so a re-run changes nothing and a resumed run ends where an
 *       uninterrupted one would have.</li>
 *   <li><b>Refunds:</b> a ticket whose subject is no longer paid for is voided first; its seat stays retired.</li>
 * </ul>
 */
public final class Arrangement {
  private static final Logger LOG = LoggerFactory.getLogger(Arrangement.class);
  private final Pool pool;
  private final ArrangementRepository runs;
  private volatile int batchSize;
  private volatile int failAfterBatches = -1;

  /** What a run did; {@code busy} when another run of the center held the lock and this one did nothing. */
  public record Result(boolean busy, long runId, int assigned, int kept, int reinstated, int voided) {
    static Result busyOne() {
      return new Result(true, 0, 0, 0, 0, 0);
    }
  }

  public Arrangement(Pool pool, ArrangementRepository runs, int batchSize) {
    this.pool = pool;
    this.runs = runs;
    this.batchSize = batchSize;
  }

  /** Tests only: smaller pages, so a few candidates make several batches. */
  public void batchSize(int size) {
    this.batchSize = size;
  }

  /** Tests only: the run fails right after committing this many batches, as a crash would (negative: never). */
  public void failAfterBatches(int batches) {
    this.failAfterBatches = batches;
  }

  /** Arranges the center with this plan; fails (and marks the run FAILED) when seats run out or a subject has no slot. */
  public Future<Result> run(Catalog.Center center, TicketPlan plan, Actor actor) {
    return pool.getConnection().compose(conn -> runs.tryLock(conn, center.id())
      .compose(locked -> !locked ? Future.succeededFuture(Result.busyOne())
        : new Run(conn, center, plan, actor).start().eventually(() -> runs.unlock(conn, center.id())))
      .eventually(conn::close));
  }

  /** One run's state; lives on one connection that holds the center's lock. */
  private final class Run {
    private final SqlConnection conn;
    private final Catalog.Center center;
    private final TicketPlan plan;
    private final Actor actor;
    private final List<Placement> placements = new ArrayList<>();
    private long runId;
    private ArrangementRepository.Cursor cursor;
    private int assigned;
    private int kept;
    private int reinstated;
    private int voided;
    private int batches;

    Run(SqlConnection conn, Catalog.Center center, TicketPlan plan, Actor actor) {
      this.conn = conn;
      this.center = center;
      this.plan = plan;
      this.actor = actor;
    }

    Future<Result> start() {
      return runs.unfinished(conn, center.id())
        .compose(open -> open != null
          ? runs.adopt(conn, open).compose(v -> runs.cursor(conn, open)).map(c -> {
            cursor = c;
            return open;
          })
          : runs.create(conn, center.examSessionId(), center.id(), actor.kind() + ":" + actor.id()))
        .compose(id -> {
          runId = id;
          return runs.voidUnpaid(conn, center.id());
        })
        .compose(n -> {
          voided = n;
          return runs.placements(conn, center.id());
        })
        .compose(stored -> {
          placements.addAll(stored);
          return runs.paidSubjects(conn, center.id());
        })
        .compose(subjects -> each(subjects, 0))
        .compose(v -> finish("DONE", null))
        .recover(err -> finish("FAILED", String.valueOf(err.getMessage())).transform(x -> Future.failedFuture(err)));
    }

    private Future<Void> each(List<String> subjects, int i) {
      if (i == subjects.size()) return Future.succeededFuture();
      String subject = subjects.get(i);
      if (cursor != null && subject.compareTo(cursor.subjectCode()) < 0) {
        return each(subjects, i + 1);
      }
      List<Integer> slots = plan.slotsOf(subject);
      if (slots.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("subject " + subject + " has no exam slot at center "
          + center.code() + "; add it to a slot"));
      }
      SeatAllocator allocator = new RoomPlan(center.provinceCode(), plan.centerNo(), subject, plan.plannerRooms(), slots)
        .resume(placements);
      PaidCandidate after = cursor != null && subject.equals(cursor.subjectCode())
        ? new PaidCandidate(cursor.registrationId().toString(), cursor.paidAt()) : null;
      return pages(subject, allocator, after).compose(v -> each(subjects, i + 1));
    }

    private Future<Void> pages(String subject, SeatAllocator allocator, PaidCandidate after) {
      return runs.page(conn, center.id(), subject, after, batchSize).compose(page -> {
        if (page.isEmpty()) return Future.succeededFuture();
        List<SeatAssignment> news = new ArrayList<>();
        List<SeatAssignment> back = new ArrayList<>();
        int keptHere = 0;
        for (PaidCandidate candidate : page) {
          SeatAssignment a = allocator.assign(candidate);
          switch (a.outcome()) {
            case NEW -> news.add(a);
            case REINSTATED -> back.add(a);
            case KEPT -> keptHere++;
          }
        }
        PaidCandidate last = page.get(page.size() - 1);
        int keptInPage = keptHere;
        return inTransaction(tx -> runs.insertTickets(tx, center.examSessionId(), center.id(), runId, news, subject)
          .compose(v -> runs.reinstate(tx, center.id(), back, subject))
          .compose(v -> runs.advance(tx, runId, subject, last, news.size(), keptInPage, back.size())))
          .compose(v -> {
            news.forEach(a -> placements.add(new Placement(a.registrationId(), subject, a.seat(), false)));
            assigned += news.size();
            kept += keptInPage;
            reinstated += back.size();
            if (++batches == failAfterBatches) {
              return Future.failedFuture(new IllegalStateException("injected fault after " + batches + " batches"));
            }
            return page.size() < batchSize ? Future.succeededFuture() : pages(subject, allocator, last);
          });
      });
    }

    private Future<Void> inTransaction(Function<SqlConnection, Future<Void>> work) {
      return conn.begin().compose(tx -> work.apply(conn)
        .compose(v -> tx.commit(), err -> tx.rollback().transform(x -> Future.failedFuture(err))));
    }

    private Future<Result> finish(String status, String error) {
      JsonObject counts = new JsonObject().put("runId", runId).put("status", status).put("assigned", assigned)
        .put("kept", kept).put("reinstated", reinstated).put("voided", voided).put("error", error);
      if (error != null) LOG.warn("arrangement of center {} failed: {}", center.id(), error);
      return inTransaction(tx -> runs.finish(tx, runId, status, error, voided)
        .compose(v -> AuditLog.record(tx, actor, "ticket.arrangement", "test_center", Long.toString(center.id()),
          center.provinceCode(), null, counts)))
        .map(v -> new Result(false, runId, assigned, kept, reinstated, voided));
    }
  }
}
