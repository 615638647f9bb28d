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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Group commit for the seat changes of one test center. Every winner of a spike updates the same capacity row, and
 * a row lock is held until the commit, so one commit per seat caps a hot center x subject at one WAL flush plus
 * a few round trips per seat (about 30 seats/s on the 2-core load-test machine, issue 6). Here the changes that
 * arrive for a center while one of its transactions is being written wait, and then go together as the next
 * transaction: each one's own statements (its registration row, audit, seat rows) pipelined on one connection, the
 * summed counter changes written once ({@link CounterChanges}), one commit. Nobody waits for a timer: a change that
 * finds its center idle is written at once, alone.
 * <p>
 * If anything in a batch fails (one candidate's subject already taken, a counter that Postgres finds fuller than the
 * gate did, a killed connection), the batch is rolled back whole and each change runs again alone, so every caller
 * gets its own answer and nobody's change is lost to another's. Changes are therefore written to be re-run: they
 * read what they need inside the transaction. Registration rows are locked in id order within a batch, so two batches
 * (two service instances) cannot lock two registrations in opposite orders.
 * <p>
 * One writer serves all event loops; the per-center queues are guarded by their own monitor, held only to queue and
 * take. Callers get their answer on their own context.
 */
public final class SeatWriter {
  /** One registration's seat change: its statements on {@code tx}; counters only through {@code counters}. */
  @FunctionalInterface
  public interface Change<T> {
    Future<T> apply(SqlConnection tx, CounterChanges counters);
  }

  private final Pool pool;
  private final int maxBatch;
  private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile IntConsumer batchSizes = n -> { };

  /** @param maxBatch the most changes written in one transaction (bounds its length and the statements in flight) */
  public SeatWriter(Pool pool, int maxBatch) {
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
    this.pool = pool;
    this.maxBatch = maxBatch;
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
  public <T> Future<T> write(long centerId, UUID registrationId, Change<T> change) {
    Pending<T> pending = new Pending<>(registrationId, change, Vertx.currentContext());
    Lane lane = lanes.computeIfAbsent(centerId, id -> new Lane());
    List<Pending<?>> batch;
    synchronized (lane) {
      lane.queue.add(pending);
      waiting.incrementAndGet();
      if (lane.busy) return pending.promise.future();
      lane.busy = true;
      batch = take(lane);
    }
    run(lane, batch);
    return pending.promise.future();
  }

  private void run(Lane lane, List<Pending<?>> batch) {
    Future<Void> written;
    try {
      batchSizes.accept(batch.size());
      written = batch.size() == 1 ? alone(batch.get(0))
        : together(batch).recover(err -> Future.join(batch.stream().map(this::alone).toList()).mapEmpty());
    } catch (RuntimeException e) {
      // never leave a lane busy with nobody to take its queue: answer this batch and go on
      batch.forEach(p -> fail(p, e));
      written = Future.succeededFuture();
    }
    written.onComplete(ar -> next(lane));
  }

  private static <T> void fail(Pending<T> p, Throwable err) {
    p.settle(Future.failedFuture(err));
  }

  private void next(Lane lane) {
    List<Pending<?>> batch;
    synchronized (lane) {
      if (lane.queue.isEmpty()) {
        lane.busy = false;
        return;
      }
      batch = take(lane);
    }
    run(lane, batch);
  }

  /** One change in its own transaction; its caller gets whatever came of it. Never fails itself. */
  private <T> Future<Void> alone(Pending<T> p) {
    return pool.withTransaction(tx -> {
      CounterChanges counters = new CounterChanges();
      return p.apply(tx, counters).compose(result -> counters.write(tx).map(result));
    }).transform(ar -> {
      p.settle(ar);
      return Future.succeededFuture();
    });
  }

  /** The whole batch in one transaction, or a failure (rolled back) and nobody answered yet. */
  private Future<Void> together(List<Pending<?>> batch) {
    return pool.withTransaction(tx -> {
      CounterChanges counters = new CounterChanges();
      List<Future<?>> each = new ArrayList<>(batch.size());
      for (Pending<?> p : batch) each.add(p.apply(tx, counters));
      // join, not all: every statement of the batch has answered before the rollback is sent
      return Future.join(each).compose(v -> counters.write(tx)).map(v -> each);
    }).map(each -> {
      for (int i = 0; i < batch.size(); i++) settle(batch.get(i), each.get(i));
      return null;
    });
  }

  @SuppressWarnings("unchecked")
  private static <T> void settle(Pending<T> p, Future<?> result) {
    p.settle((AsyncResult<T>) result);
  }

  /** The next batch of a lane, in registration id order (the order their rows are locked in); under its monitor. */
  private List<Pending<?>> take(Lane lane) {
    List<Pending<?>> batch = new ArrayList<>(Math.min(maxBatch, lane.queue.size()));
    while (batch.size() < maxBatch && !lane.queue.isEmpty()) batch.add(lane.queue.poll());
    waiting.addAndGet(-batch.size());
    batch.sort(Comparator.comparing(Pending::registrationId));
    return batch;
  }

  private static final class Lane {
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private boolean busy;

  }

  private record Pending<T>(UUID registrationId, Change<T> change, Context context, Promise<T> promise) {
    Pending(UUID registrationId, Change<T> change, Context context) {
      this(registrationId, change, context, Promise.promise());
    }

    Future<T> apply(SqlConnection tx, CounterChanges counters) {
      try {
        return change.apply(tx, counters);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
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
