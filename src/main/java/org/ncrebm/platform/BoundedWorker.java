package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place for CPU-heavy or blocking work (argon2id, images, PDF, JDBC, files): a named worker pool with a
 * bounded backlog. When the backlog is full the caller gets {@code 503 OVERLOADED} with {@code Retry-After} at once,
 * instead of waiting in an unbounded queue while its client times out.
 */
public final class BoundedWorker {
  private final WorkerExecutor executor;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int capacity;
  private final int poolSize;

  public BoundedWorker(Vertx vertx, String name, int poolSize, int queue) {
    this.executor = vertx.createSharedWorkerExecutor(name, poolSize, 60, TimeUnit.SECONDS);
    this.poolSize = poolSize;
    this.capacity = poolSize + queue;
  }

  /** Runs the task on the pool, unordered; fails with {@code OVERLOADED} when the backlog is full. */
  public <T> Future<T> submit(Callable<T> task) {
    if (inFlight.incrementAndGet() > capacity) {
      inFlight.decrementAndGet();
      return Future.failedFuture(AppException.retryLater(ErrorCode.OVERLOADED, 1));
    }
    try {
      return executor.executeBlocking(task, false).andThen(ar -> inFlight.decrementAndGet());
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      return Future.failedFuture(e);
    }
  }

  /** Tasks running or waiting, for metrics and tests. */
  public int backlog() {
    return inFlight.get();
  }

  public int capacity() {
    return capacity;
  }

  public int poolSize() {
    return poolSize;
  }

  public Future<Void> close() {
    return executor.close();
  }
}
