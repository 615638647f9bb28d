package org.ncrebm.seats;

import io.vertx.core.Future;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A small circuit breaker for the Redis seat gate: after a few consecutive failures calls are refused at once with
 * {@code 503 OVERLOADED} for a backoff that doubles up to a ceiling, then one probe goes through. So a Redis restart
 * costs the spike fast, clean 503s instead of a queue of timeouts, and the service recovers by itself.
 */
public final class Breaker {
  private static final int THRESHOLD = 3;
  private static final long MIN_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 4000;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong openUntil = new AtomicLong();
  private final AtomicLong backoff = new AtomicLong(MIN_BACKOFF_MS);

  public <T> Future<T> call(Supplier<Future<T>> action) {
    long now = System.currentTimeMillis();
    if (now < openUntil.get()) {
      return Future.failedFuture(AppException.retryLater(ErrorCode.OVERLOADED, 1));
    }
    Future<T> f;
    try {
      f = action.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.onSuccess(v -> {
      failures.set(0);
      backoff.set(MIN_BACKOFF_MS);
    }).recover(err -> {
      if (failures.incrementAndGet() >= THRESHOLD) {
        long b = backoff.get();
        openUntil.set(System.currentTimeMillis() + b);
        backoff.set(Math.min(MAX_BACKOFF_MS, b * 2));
      }
      return Future.failedFuture(AppException.retryLater(ErrorCode.OVERLOADED, 1));
    });
  }

  public boolean open() {
    return System.currentTimeMillis() < openUntil.get();
  }
}
