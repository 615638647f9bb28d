package org.ncrebm.seats;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Group commit for the seat changes of one test center. Every winner of a spike updates the same capacity row, and
 * a row lock is held until the commit, so one commit per seat caps a hot center x subject at one WAL flush plus
 * a few round trips per seat (about 30 seats/s on the 2-core load-test machine, issue 6). Here the changes that
 * arrive for a center while one of its transactions is being written wait, and then go together as the next
 * transaction, handed whole to the {@link Batch} that writes them: set-wise, a few statements for the whole batch
 * rather than a few per change (one center's transactions run one at a time on one backend, so the statements per
 * change bound the spike, issue 15), the summed counter changes once ({@link CounterChanges}), one commit. Nobody
 * waits for a timer: a change that finds its center idle is written at once, alone.
 * <p>
 * If anything in a batch fails (one candidate's subject already taken, a counter that Postgres finds fuller than the
 * gate did, a killed connection), the batch is rolled back whole and each change runs again alone, so every caller
 * gets its own answer and nobody's change is lost to another's. Changes are therefore written to be re-run: they
 * read what they need inside the transaction. A batch holds at most one change per registration (a second one waits
 * for the next transaction, so each change reads what the one before it wrote), in registration id order, so two
 * batches (two service instances) cannot lock two registrations in opposite orders.
 * <p>
 * One writer serves all event loops; the per-center queues are guarded by their own monitor, held only to queue and
 * take. Callers get their answer on their own context.
 *
 * @param <C> one registration's change, as its caller describes it
 * @param <T> what the change answers its caller
 */
public final class SeatWriter<C, T> {
  /**
   * Writes a batch of changes (of distinct registrations, in registration id order) in {@code tx}: every change's
   * rows, and its counters only through {@code counters}, which the writer writes last. Answers one result per
   * change, in order, or fails (the writer then rolls back and runs each change alone, as a batch of one).
   */
  @FunctionalInterface
  public interface Batch<C, T> {
    Future<List<T>> write(SqlConnection tx, List<C> changes, CounterChanges counters);
  }

  private final Pool pool;
  private final int maxBatch;
  private final Batch<C, T> batch;
  private final Map<Long, Lane<C, T>> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile IntConsumer batchSizes = n -> { };

  /** @param maxBatch the most changes written in one transaction (bounds its length and the rows in flight) */
  public SeatWriter(Pool pool, int maxBatch, Batch<C, T> batch) {
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
    this.pool = pool;
    this.maxBatch = maxBatch;
    this.batch = batch;
  }

  /** Tells operations how many changes each transaction carried (a metric). */
  public void observeBatches(IntConsumer sizes) {
    this.batchSizes = sizes;
  }

  /** Changes queued behind their center's running transaction in this process, for a gauge. */
  public int waiting() {
    return waiting.get();
  }

  /**
   * Writes {@code change} in a transaction of its center's, alone or with others. {@code registrationId} orders the
   * row locks of a batch.
   */
  public Future<T> write(long centerId, UUID registrationId, C change) {
    Pending<C, T> pending = new Pending<>(registrationId, change, Vertx.currentContext());
    Lane<C, T> lane = lanes.computeIfAbsent(centerId, id -> new Lane<>());
    List<Pending<C, T>> next;
    synchronized (lane) {
      lane.queue.add(pending);
      waiting.incrementAndGet();
      if (lane.busy) return pending.promise.future();
      lane.busy = true;
      next = take(lane);
    }
    run(lane, next);
    return pending.promise.future();
  }

  private void run(Lane<C, T> lane, List<Pending<C, T>> changes) {
    Future<Void> written;
    try {
      batchSizes.accept(changes.size());
      written = changes.size() == 1 ? alone(changes.get(0))
        : together(changes).recover(err -> Future.join(changes.stream().map(this::alone).toList()).mapEmpty());
    } catch (RuntimeException e) {
      // never leave a lane busy with nobody to take its queue: answer this batch and go on
      changes.forEach(p -> p.settle(Future.failedFuture(e)));
      written = Future.succeededFuture();
    }
    written.onComplete(ar -> next(lane));
  }

  private void next(Lane<C, T> lane) {
    List<Pending<C, T>> changes;
    synchronized (lane) {
      if (lane.queue.isEmpty()) {
        lane.busy = false;
        return;
      }
      changes = take(lane);
    }
    run(lane, changes);
  }

  /** One change in its own transaction; its caller gets whatever came of it. Never fails itself. */
  private Future<Void> alone(Pending<C, T> p) {
    return written(List.of(p)).transform(ar -> {
      p.settle(ar.map(results -> results.get(0)));
      return Future.succeededFuture();
    });
  }

  /** The whole batch in one transaction, or a failure (rolled back) and nobody answered yet. */
  private Future<Void> together(List<Pending<C, T>> changes) {
    return written(changes).map(results -> {
      for (int i = 0; i < changes.size(); i++) changes.get(i).settle(Future.succeededFuture(results.get(i)));
      return null;
    });
  }

  private Future<List<T>> written(List<Pending<C, T>> changes) {
    List<C> each = new ArrayList<>(changes.size());
    for (Pending<C, T> p : changes) each.add(p.change());
    return pool.withTransaction(tx -> {
      CounterChanges counters = new CounterChanges();
      Future<List<T>> results;
      try {
        results = batch.write(tx, each, counters);
      } catch (RuntimeException e) {
        results = Future.failedFuture(e);
      }
      return results.compose(r -> {
        if (r.size() != each.size()) throw new IllegalStateException("a batch answered " + r.size() + " of " + each.size());
        return counters.write(tx).map(r);
      });
    });
  }

  /**
   * The next batch of a lane, in registration id order (the order their rows are locked in), at most one change per
   * registration (a registration's second change stays queued, in its place); under the lane's monitor.
   */
  private List<Pending<C, T>> take(Lane<C, T> lane) {
    List<Pending<C, T>> next = new ArrayList<>(Math.min(maxBatch, lane.queue.size()));
    Set<UUID> ids = new HashSet<>();
    for (Iterator<Pending<C, T>> it = lane.queue.iterator(); it.hasNext() && next.size() < maxBatch; ) {
      Pending<C, T> p = it.next();
      if (ids.add(p.registrationId())) {
        next.add(p);
        it.remove();
      }
    }
    waiting.addAndGet(-next.size());
    next.sort(Comparator.comparing(Pending::registrationId));
    return next;
  }

  private static final class Lane<C, T> {
    private final ArrayDeque<Pending<C, T>> queue = new ArrayDeque<>();
    private boolean busy;
  }

  private record Pending<C, T>(UUID registrationId, C change, Context context, Promise<T> promise) {
    Pending(UUID registrationId, C change, Context context) {
      this(registrationId, change, context, Promise.promise());
    }

    void settle(AsyncResult<T> result) {
      if (context == null) {
        promise.handle(result);
      } else {
        context.runOnContext(v -> promise.handle(result));
      }
    }
  }
}
